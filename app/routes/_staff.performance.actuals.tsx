import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { clientAddress } from '#app/models/audit.server.ts';
import { isMeasuredKpi, listKpis } from '#app/models/kpis.server.ts';
import { type ActualsImportResult, importActuals } from '#app/models/targets.server.ts';
import styles from '#app/styles/performance.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export const meta: MetaFunction = () => [{ title: 'Import actuals · Barometer' }];

/** Monthly actuals are small tables (managers × KPIs × months); a larger upload is a wrong file. */
const maxUploadBytes = 10 * 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'performance:manage');
  const kpiList = await listKpis();
  return { importableCodes: kpiList.filter((kpi) => !isMeasuredKpi(kpi.code)).map((kpi) => kpi.code) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'performance:manage');
  const refuse = (messageKey: string, status = 400) =>
    data<ActualsImportResult>(
      { ok: false, problems: [{ line: null, column: null, messageKey }] },
      { status },
    );
  // Refused before the body is read: the multipart parser would hold all of it in memory.
  if (Number(request.headers.get('Content-Length') ?? 0) > maxUploadBytes)
    return refuse('fileErrors.too-many-rows', 413);
  const form = await request.formData().catch(() => null);
  const file = form?.get('file');
  if (!(file instanceof Blob) || file.size === 0) return refuse('fileErrors.empty-file');
  const result = await importActuals({ file: file as File, viewer: user, ipAddress: clientAddress(request) });
  return result.ok ? data(result) : data(result, { status: 400 });
}

export default function ActualsImportPage() {
  const { importableCodes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation('performance');
  return (
    <>
      <p>
        <Link to="/performance">← {t('title')}</Link>
      </p>
      <div className="page-head">
        <h1>{t('actuals.title')}</h1>
      </div>
      <p className="muted">{t('actuals.intro')}</p>
      <p className="muted">{t('actuals.codes', { codes: importableCodes.join(', ') })}</p>
      <Form method="post" encType="multipart/form-data" className="card inline-form">
        <label>
          {t('actuals.file')}{' '}
          <input
            type="file"
            name="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            required
          />
        </label>
        <button type="submit" className="primary" disabled={navigation.state === 'submitting'}>
          {t('actuals.import')}
        </button>
      </Form>
      {result?.ok ? (
        <p className="notice" role="status">
          {t('actuals.imported', { rows: result.rows, created: result.created, updated: result.updated })}
        </p>
      ) : null}
      {result && !result.ok ? (
        <section role="alert" aria-labelledby="problems-title">
          <h2 id="problems-title" className="form-error">
            {t('actuals.refused')}
          </h2>
          <div className="table-wrap">
            <table className="import-problems">
              <thead>
                <tr>
                  <th className="number">{t('actuals.line')}</th>
                  <th>{t('actuals.column')}</th>
                  <th>{t('actuals.problem')}</th>
                  <th>{t('actuals.value')}</th>
                </tr>
              </thead>
              <tbody>
                {result.problems.map((problem) => (
                  <tr // One problem per row, column and kind: together they are unique.
                    key={`${problem.line}-${problem.column}-${problem.messageKey}`}
                  >
                    <td className="number">{problem.line ?? t('actuals.wholeFile')}</td>
                    <td>{problem.column ?? '—'}</td>
                    <td>{t(problem.messageKey)}</td>
                    <td>{problem.value ? <code>{problem.value}</code> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
