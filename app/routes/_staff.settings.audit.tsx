import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { formatInstant } from '#app/components/integration-format.ts';
import { Pagination } from '#app/components/pagination.tsx';
import { auditFilterOptions, auditFilterSchema, listAuditEvents } from '#app/models/audit-log.server.ts';

export const meta: MetaFunction = () => [{ title: 'Audit log · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'audit:read');
  const filter = auditFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [result, options] = await Promise.all([listAuditEvents(filter), auditFilterOptions()]);
  return { ...result, options };
}

export default function AuditLogPage() {
  const { rows, total, page, pageCount, options } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('integration');
  const [searchParams] = useSearchParams();
  const value = (name: string) => searchParams.get(name) ?? '';
  const exportQuery = new URLSearchParams(searchParams);
  exportQuery.delete('page');
  return (
    <>
      <h1>{t('audit.title')}</h1>
      <p className="muted">{t('audit.intro')}</p>
      <Form method="get" className="card form-grid">
        <div className="field">
          <label htmlFor="audit-actor">{t('audit.actor')}</label>
          <select id="audit-actor" name="actor" defaultValue={value('actor')}>
            <option value="">{t('audit.anyone')}</option>
            {options.actors.map((actor) => (
              <option key={actor.id} value={actor.id}>
                {actor.fullName} ({actor.email})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-action">{t('audit.action')}</label>
          <select id="audit-action" name="action" defaultValue={value('action')}>
            <option value="">{t('audit.anyAction')}</option>
            {options.actions.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-entity-type">{t('audit.entityType')}</label>
          <select id="audit-entity-type" name="entityType" defaultValue={value('entityType')}>
            <option value="">{t('audit.anyEntity')}</option>
            {options.entityTypes.map((entityType) => (
              <option key={entityType} value={entityType}>
                {entityType}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-entity-id">{t('audit.entityId')}</label>
          <input id="audit-entity-id" name="entityId" defaultValue={value('entityId')} />
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t('audit.from')}</label>
          <input id="audit-from" name="from" type="date" defaultValue={value('from')} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('audit.to')}</label>
          <input id="audit-to" name="to" type="date" defaultValue={value('to')} />
        </div>
        <div className="inline-form">
          <button type="submit" className="primary">
            {t('audit.filter')}
          </button>
          <a href={`/settings/audit.csv?${exportQuery}`} download>
            {t('audit.exportCsv')}
          </a>
        </div>
      </Form>
      <p className="muted">{t('audit.total', { count: total })}</p>
      {rows.length === 0 ? (
        <p>{t('audit.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('audit.at')}</th>
                <th>{t('audit.actor')}</th>
                <th>{t('audit.action')}</th>
                <th>{t('audit.entity')}</th>
                <th>{t('audit.detail')}</th>
                <th>{t('audit.ipAddress')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>{formatInstant(row.at, i18n.language)}</td>
                  <td>{row.actorName ?? t('audit.system')}</td>
                  <td>
                    <code>{row.action}</code>
                  </td>
                  <td>
                    {row.entityType ?? '—'}
                    {row.entityId ? <div className="muted">{row.entityId}</div> : null}
                  </td>
                  <td className="audit-detail">{row.detail === null ? '—' : JSON.stringify(row.detail)}</td>
                  <td>{row.ipAddress ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
