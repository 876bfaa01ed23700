import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation, useRevalidator } from '@remix-run/react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { columnLetter, importFields } from '#app/imports/fields.ts';
import { clientAddress } from '#app/models/audit.server.ts';
import {
  getImportJob,
  type ImportJobView,
  ImportNotReadyError,
  remapImportJob,
  startImport,
} from '#app/models/client-import.server.ts';
import { importModes } from '#db/schema/import-vocabulary.ts';

export const meta: MetaFunction = () => [{ title: 'Import clients · Barometer' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'clients:write');
  return { job: await getImportJob({ viewer: user, jobId: params.jobId ?? '' }) };
}

const actionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('remap') }),
  z.object({ intent: z.literal('start'), mode: z.enum(importModes) }),
]);

/** A small import finishes within this wait and the page shows its result straight away. */
const inlineWaitMs = 1500;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, 'clients:write');
  const jobId = params.jobId ?? '';
  const form = await request.formData();
  const parsed = actionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ error: 'invalid' }, { status: 400 });
  if (parsed.data.intent === 'remap') {
    const mapping: Record<string, number> = {};
    for (const [name, value] of form) {
      if (!name.startsWith('map.') || typeof value !== 'string' || value === '') continue;
      mapping[name.slice(4)] = Number(value);
    }
    await remapImportJob({ viewer: user, jobId, mapping });
    throw redirect(`/clients/import/${jobId}`);
  }
  try {
    const { done } = await startImport({
      viewer: user,
      jobId,
      mode: parsed.data.mode,
      ipAddress: clientAddress(request),
    });
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, inlineWaitMs))]);
  } catch (error) {
    if (!(error instanceof ImportNotReadyError)) throw error;
  }
  throw redirect(`/clients/import/${jobId}`);
}

export default function ImportJobPage() {
  const { job } = useLoaderData<typeof loader>();
  const { t } = useTranslation('imports');
  return (
    <>
      <div className="page-head">
        <h1>
          {t('title')}: {job.fileName}
        </h1>
        <span className="muted">
          {t(`kinds.${job.kind}`)} · {job.totalRows} {t('rows').toLowerCase()}
        </span>
        <Link to="/clients/import">{t('importAnother')}</Link>
      </div>
      {job.status === 'importing' ? <Progress job={job} /> : null}
      {job.status === 'done' ? <Result job={job} /> : null}
      {job.status === 'refused' ? (
        <p className="form-error" role="alert">
          {t('refusedText', { rejected: job.rejectedRows })}
        </p>
      ) : null}
      {job.status === 'failed' ? (
        <p className="form-error" role="alert">
          {t('failedText', { failure: job.failure ?? '' })}
        </p>
      ) : null}
      {job.status === 'uploaded' || job.status === 'refused' || job.status === 'failed' ? (
        <>
          <Mapping job={job} />
          <Preview job={job} />
          <Report job={job} />
          <StartForm job={job} />
        </>
      ) : null}
      {job.status === 'done' && job.errorCount > 0 ? <Report job={job} /> : null}
    </>
  );
}

function Progress({ job }: { job: ImportJobView }) {
  const { t } = useTranslation('imports');
  const revalidator = useRevalidator();
  // Polls the job row while the import runs; the loader is cheap (no file, a slice of the errors).
  useEffect(() => {
    const timer = setInterval(() => {
      if (revalidator.state === 'idle') revalidator.revalidate();
    }, 1000);
    return () => clearInterval(timer);
  }, [revalidator]);
  return (
    <section className="card" aria-live="polite">
      <p>{t('progress', { processed: job.processedRows, total: job.totalRows })}</p>
      <progress max={Math.max(1, job.totalRows)} value={job.processedRows} style={{ width: '100%' }} />
    </section>
  );
}

function Result({ job }: { job: ImportJobView }) {
  const { t } = useTranslation('imports');
  return (
    <section className="card" aria-labelledby="import-result">
      <h2 id="import-result">{t('resultTitle')}</h2>
      <p role="status">
        {t('result', {
          inserted: job.insertedRows,
          updated: job.updatedRows,
          unchanged: job.unchangedRows,
          rejected: job.rejectedRows,
        })}
      </p>
      {job.rejectedRows > 0 ? <RejectedDownload job={job} /> : null}
      <p>
        <Link to="/clients">{t('backToClients')}</Link>
      </p>
    </section>
  );
}

function RejectedDownload({ job }: { job: ImportJobView }) {
  const { t } = useTranslation('imports');
  return (
    <p>
      <a href={`/clients/import/${job.id}/rejected`} className="button" download>
        {t('downloadRejected', { format: job.format.toUpperCase() })}
      </a>{' '}
      <span className="muted">{t('rejectedHint')}</span>
    </p>
  );
}

function Mapping({ job }: { job: ImportJobView }) {
  const { t } = useTranslation('imports');
  const navigation = useNavigation();
  const fieldLabel = (key: string) => t(`columns.${job.kind}.${key}`);
  return (
    <Form method="post" className="card" aria-labelledby="import-mapping">
      <h2 id="import-mapping">{t('mappingTitle')}</h2>
      <p className="muted">
        {t('mappingHint')} {t('optionalKept')}
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t('field')}</th>
              <th>{t('column')}</th>
            </tr>
          </thead>
          <tbody>
            {importFields[job.kind].map((field) => (
              <tr key={field.key}>
                <td>
                  <label htmlFor={`map-${field.key}`}>{fieldLabel(field.key)}</label>
                  {field.required ? <span className="muted"> ({t('requiredMark')})</span> : null}
                </td>
                <td>
                  <select
                    id={`map-${field.key}`}
                    name={`map.${field.key}`}
                    defaultValue={job.mapping[field.key] ?? ''}
                    aria-invalid={job.missingRequired.includes(field.key) ? true : undefined}
                  >
                    <option value="">{t('notInFile')}</option>
                    {job.headers.map((header, index) => (
                      <option key={columnLetter(index)} value={index}>
                        {columnLetter(index)} · {header || '—'}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {job.missingRequired.length > 0 ? (
        <p className="form-error" role="alert">
          {t('missingRequired', { fields: job.missingRequired.map(fieldLabel).join(', ') })}
        </p>
      ) : null}
      <button type="submit" name="intent" value="remap" disabled={navigation.state === 'submitting'}>
        {t('check')}
      </button>
    </Form>
  );
}

function Preview({ job }: { job: ImportJobView }) {
  const { t } = useTranslation('imports');
  return (
    <section className="card" aria-labelledby="import-preview">
      <h2 id="import-preview">{t('previewTitle')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th className="number">{t('row')}</th>
              {job.headers.map((header, index) => (
                <th key={columnLetter(index)}>
                  <span className="muted">{columnLetter(index)}</span> {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {job.preview.map((row) => (
              <tr key={row.line}>
                <td className="number">{row.line}</td>
                {row.cells.map((cell, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional and never reorder
                  <td key={index}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Report({ job }: { job: ImportJobView }) {
  const { t } = useTranslation('imports');
  const valid = job.totalRows - job.rejectedRows;
  return (
    <section className="card" aria-labelledby="import-report">
      <h2 id="import-report">{t('reportTitle')}</h2>
      <p>{t('summary', { total: job.totalRows, valid, rejected: job.rejectedRows })}</p>
      {job.errorCount === 0 ? (
        <p className="notice">{t('allValid')}</p>
      ) : (
        <>
          {job.errorCount > job.errors.length ? (
            <p className="muted">{t('errorsShown', { shown: job.errors.length, count: job.errorCount })}</p>
          ) : null}
          <div className="table-wrap">
            <table aria-label={t('errorsTitle')}>
              <thead>
                <tr>
                  <th className="number">{t('row')}</th>
                  <th>{t('column')}</th>
                  <th>{t('value')}</th>
                  <th>{t('message')}</th>
                </tr>
              </thead>
              <tbody>
                {job.errors.map((error) => (
                  <tr key={`${error.line}-${error.field}-${error.code}`}>
                    <td className="number">{error.line}</td>
                    <td>
                      {error.columnLetter} · {error.header}
                    </td>
                    <td>{error.value === '' ? <span className="muted">{t('empty')}</span> : error.value}</td>
                    <td>{t(`validation.${error.code}`, { firstLine: error.firstLine })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {job.status !== 'done' ? <RejectedDownload job={job} /> : null}
        </>
      )}
    </section>
  );
}

function StartForm({ job }: { job: ImportJobView }) {
  const { t } = useTranslation('imports');
  const navigation = useNavigation();
  const blocked = job.missingRequired.length > 0;
  return (
    <Form method="post" className="card" aria-labelledby="import-mode">
      <h2 id="import-mode">{t('modeTitle')}</h2>
      <fieldset className="checkboxes">
        <legend className="muted">{t('modeTitle')}</legend>
        {importModes.map((mode) => (
          <label key={mode}>
            <input
              type="radio"
              name="mode"
              value={mode}
              defaultChecked={mode === (job.status === 'refused' ? 'valid_rows' : 'all_or_nothing')}
            />{' '}
            {t(`modes.${mode}`)}
          </label>
        ))}
      </fieldset>
      <button
        type="submit"
        name="intent"
        value="start"
        className="primary"
        disabled={blocked || navigation.state === 'submitting'}
      >
        {t('start')}
      </button>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
