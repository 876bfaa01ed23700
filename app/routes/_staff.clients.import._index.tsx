import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import {
  ImportFileError,
  listImportJobs,
  maxImportBytes,
  uploadImportFile,
} from '#app/models/client-import.server.ts';
import { formatDate } from '#app/utils/format.ts';
import { importKinds } from '#db/schema/import-vocabulary.ts';

export const meta: MetaFunction = () => [{ title: 'Import clients · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'clients:write');
  return { jobs: await listImportJobs({ viewer: user }) };
}

const uploadSchema = z.object({ kind: z.enum(importKinds) });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'clients:write');
  // Refused before the body is read: the multipart parser would hold all of it in memory.
  const declared = Number(request.headers.get('Content-Length') ?? 0);
  if (declared > maxImportBytes + 64 * 1024) {
    return data(
      { fileError: { code: 'too-large', params: { limit: maxImportBytes / 1024 / 1024 } } },
      { status: 413 },
    );
  }
  const form = await request.formData();
  const kind = uploadSchema.safeParse({ kind: form.get('kind') });
  const file = form.get('file');
  if (!kind.success || !(file instanceof Blob) || file.size === 0) {
    return data(
      {
        fileError: {
          code: file instanceof Blob && file.size === 0 && file.name ? 'empty-file' : 'no-file',
          params: {},
        },
      },
      { status: 400 },
    );
  }
  try {
    const { jobId } = await uploadImportFile({ viewer: user, kind: kind.data.kind, file: file as File });
    throw redirect(`/clients/import/${jobId}`);
  } catch (error) {
    if (error instanceof ImportFileError) {
      return data({ fileError: { code: error.code, params: error.params } }, { status: 400 });
    }
    throw error;
  }
}

export default function ClientImportPage() {
  const { jobs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation('imports');
  const fileError = actionData?.fileError;
  return (
    <>
      <div className="page-head">
        <h1>{t('title')}</h1>
        <Link to="/clients">{t('backToClients')}</Link>
      </div>
      <Form method="post" encType="multipart/form-data" className="card form-grid" aria-label={t('title')}>
        <fieldset className="checkboxes">
          <legend>{t('kind')}</legend>
          {importKinds.map((kind, index) => (
            <label key={kind}>
              <input type="radio" name="kind" value={kind} defaultChecked={index === 0} />{' '}
              {t(`kinds.${kind}`)}
              <span className="muted"> — {t(`kindHints.${kind}`)}</span>
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="import-file">{t('file')}</label>
          <input
            id="import-file"
            type="file"
            name="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            required
            aria-describedby="import-file-hint"
            {...(fileError ? { 'aria-invalid': true } : {})}
          />
          <p className="muted" id="import-file-hint">
            {t('fileHint')}
          </p>
          {fileError ? (
            <p className="field-error" role="alert">
              {t(`fileErrors.${fileError.code}`, fileError.params)}
            </p>
          ) : null}
        </div>
        <div>
          <button type="submit" className="primary" disabled={navigation.state === 'submitting'}>
            {t('upload')}
          </button>
        </div>
      </Form>
      <h2>{t('recent')}</h2>
      {jobs.length === 0 ? (
        <p className="empty">{t('noRecent')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('fileName')}</th>
                <th>{t('kind')}</th>
                <th>{t('when')}</th>
                <th className="number">{t('rows')}</th>
                <th>{t('status')}</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.id}>
                  <td>
                    <Link to={`/clients/import/${job.id}`}>{job.fileName}</Link>
                  </td>
                  <td>{t(`kinds.${job.kind}`)}</td>
                  <td>{formatDate(job.createdAt, i18n.language)}</td>
                  <td className="number">{job.totalRows}</td>
                  <td>{t(`statuses.${job.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
