import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { PageHead } from '#app/components/page-head.tsx';
import { PortfolioControls } from '#app/components/portfolio-controls.tsx';
import { PortfolioTable } from '#app/components/portfolio-table.tsx';
import { listManagers } from '#app/models/portfolios.server.ts';
import styles from '#app/styles/managers.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export const meta: MetaFunction = () => [{ title: 'Managers · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'managers:read');
  return listManagers({ viewer: user });
}

export default function ManagersPage() {
  const { scope, managers, total, controls, escalatedToViewer, slaFrom } = useLoaderData<typeof loader>();
  const { t } = useTranslation('managers');
  return (
    <>
      <PageHead title={t('title')}>
        <span className="muted">{t(`scope.${scope}`)}</span>
      </PageHead>
      {escalatedToViewer > 0 ? (
        <p className="portfolio-warning" role="status">
          {t('escalatedToYou', { count: escalatedToViewer })}{' '}
          <Link to="/follow-ups">{t('openFollowUps')}</Link>
        </p>
      ) : null}
      <PortfolioTable managers={managers} total={total} slaFrom={slaFrom} />
      {scope === 'all' || scope === 'unit' ? <PortfolioControls controls={controls} /> : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
