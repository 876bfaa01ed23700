import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

/** The one error view every route uses: 404 for what is missing or not the viewer's, else a generic page. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const missing = isRouteErrorResponse(error) && error.status === 404;
  if (!missing) console.error(error);
  return (
    <main className="error-page">
      <h1>{missing ? t('notFoundTitle') : t('errorTitle')}</h1>
      <p>{missing ? t('notFoundText') : t('errorText')}</p>
      <Link to="/overview">{t('backToOverview')}</Link>
    </main>
  );
}
