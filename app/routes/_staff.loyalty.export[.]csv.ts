import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '#app/auth/session.server.ts';
import { resolveLocale } from '#app/i18n/locale.server.ts';
import { clientAddress } from '#app/models/audit.server.ts';
import { exportLoyaltyTable } from '#app/models/satisfaction-feed.server.ts';

// A resource route: errors are plain responses (404 for an unknown table), so it has no ErrorBoundary.

/** A loyalty table as CSV: `/loyalty/export.csv?view=feed|at-risk|matrix|movement&…` with the page's filters. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'analytics:read');
  return exportLoyaltyTable({
    viewer: user,
    searchParams: new URL(request.url).searchParams,
    format: 'csv',
    locale: await resolveLocale(request, user.locale),
    ipAddress: clientAddress(request),
  });
}
