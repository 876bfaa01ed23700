import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { explorerDimensions } from '#analytics/segments/vocabulary.ts';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { resolveLocale } from '#app/i18n/locale.server.ts';
import { getSegmentExplorer, parseExplorerParams } from '#app/models/segments.server.ts';
import type { DataTable } from '#app/utils/data-table.ts';
import { formatMoney, formatNumber } from '#app/utils/format.ts';
import analyticsStyles from '#app/styles/analytics.css?url';
import segmentStyles from '#app/styles/segments.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: analyticsStyles },
  { rel: 'stylesheet', href: segmentStyles },
];

export const meta: MetaFunction = () => [{ title: 'Segments · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'segments:read');
  const params = parseExplorerParams(new URL(request.url).searchParams);
  return getSegmentExplorer({ viewer: user, params, locale: await resolveLocale(request, user.locale) });
}

export default function SegmentExplorerPage() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('segments');
  const locale = i18n.language;
  const { params } = data;
  return (
    <>
      <div className="page-head">
        <h1>{t('title')}</h1>
        <Link to="/segments/custom" className="button">
          {t('manageSegments')}
        </Link>
      </div>
      <p className="muted">{t('intro')}</p>
      <Form method="get" className="filters" aria-label={t('dimension')}>
        <label>
          {t('dimension')}
          <select name="by" defaultValue={params.dimension}>
            {explorerDimensions.map((dimension) => (
              <option key={dimension} value={dimension}>
                {t(`dimensions.${dimension}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('wave')}
          <select name="wave" defaultValue={data.wave}>
            {data.waves.map((wave) => (
              <option key={wave.id} value={wave.id}>
                {wave.name}
              </option>
            ))}
            <option value="all">{t('allWaves')}</option>
          </select>
        </label>
        <fieldset className="inline-choice">
          <legend>{t('sizeView')}</legend>
          {(['standard', 'banking'] as const).map((view) => (
            <label key={view}>
              <input type="radio" name="sizeView" value={view} defaultChecked={params.sizeView === view} />
              {t(`sizeViews.${view}`)}
            </label>
          ))}
        </fieldset>
        <div className="filter-actions">
          <button type="submit" className="primary">
            {t('show')}
          </button>
        </div>
      </Form>
      {data.base ? (
        <p>
          {t('base', {
            clients: formatNumber(data.base.clients, locale),
            revenue: formatMoney(data.base.revenue, locale),
          })}
        </p>
      ) : null}
      <p className="muted">{t('revenueNote')}</p>
      {params.dimension === 'ageBand' ? <p className="muted">{t('ageBandsNote')}</p> : null}
      {data.overlapping ? <p className="muted">{t('overlapping')}</p> : null}
      {params.dimension === 'custom' && !data.hasCustomSegments ? (
        <p className="empty">
          {t('noCustomSegments')} <Link to="/segments/custom">{t('newSegment')}</Link>
        </p>
      ) : (
        <>
          <SegmentTable table={data.tables.explorer} />
          <h2>{t('targetsTitle')}</h2>
          <p className="muted">
            {t('targetsMethod', { minWeight: formatNumber(100 * data.minWeight, locale) })}
          </p>
          <SegmentTable table={data.tables.targets} />
        </>
      )}
    </>
  );
}

function ExportLinks({ view }: { view: string }) {
  const { t } = useTranslation('segments');
  const [searchParams] = useSearchParams();
  const params = new URLSearchParams(searchParams);
  params.set('view', view);
  return (
    <span className="export-links">
      <a href={`/segments/export/csv?${params}`} download>
        {t('exportCsv')}
      </a>
      <a href={`/segments/export/xlsx?${params}`} download>
        {t('exportXlsx')}
      </a>
    </span>
  );
}

/** A read model's table as the exports write it, with links to its files. */
function SegmentTable({ table }: { table: DataTable }) {
  const { t, i18n } = useTranslation('segments');
  return (
    <section className="data-table" aria-label={table.title}>
      <div className="data-table-head">
        <h3>{table.title}</h3>
        <ExportLinks view={table.id} />
      </div>
      {table.rows.length === 0 ? (
        <p className="empty">{t('noSegments')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {table.columns.map((column) => (
                  <th key={column.label} className={column.numeric ? 'number' : undefined} scope="col">
                    {column.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr key={row.key}>
                  {row.cells.map((cell, index) => {
                    const key = table.columns[index]?.label ?? index;
                    if (cell.kind === 'suppressed')
                      return (
                        <td key={key} className="number suppressed">
                          {table.suppressedLabel}
                        </td>
                      );
                    if (cell.kind === 'number')
                      return (
                        <td key={key} className="number">
                          {formatNumber(cell.value, i18n.language, cell.digits)}
                        </td>
                      );
                    return (
                      <td key={key}>{cell.href ? <Link to={cell.href}>{cell.text}</Link> : cell.text}</td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
