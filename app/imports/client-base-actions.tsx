import { Form, Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { importFormats, importKinds } from '#db/schema/import-vocabulary.ts';

/**
 * The clients list's entry points to the client-base files: import (for those who may change the
 * base) and export of each part as CSV or XLSX (a manager's export holds only their clients).
 */
export function ClientBaseActions({ canImport }: { canImport: boolean }) {
  const { t } = useTranslation('imports');
  return (
    <>
      {canImport ? (
        <Link to="/clients/import" className="button">
          {t('importAction')}
        </Link>
      ) : null}
      <Form
        method="get"
        action="/clients/export"
        reloadDocument
        className="inline-form"
        aria-label={t('exportTitle')}
      >
        <select name="kind" aria-label={t('kind')} defaultValue="clients">
          {importKinds.map((kind) => (
            <option key={kind} value={kind}>
              {t(`kinds.${kind}`)}
            </option>
          ))}
        </select>
        <select name="format" aria-label={t('format')} defaultValue="xlsx">
          {importFormats.map((format) => (
            <option key={format} value={format}>
              {format.toUpperCase()}
            </option>
          ))}
        </select>
        <button type="submit">{t('exportAction')}</button>
      </Form>
    </>
  );
}
