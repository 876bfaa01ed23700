import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '#app/auth/session.server.ts';
import { resolveLocale } from '#app/i18n/locale.server.ts';
import { clientAddress } from '#app/models/audit.server.ts';
import { exportAnalyticsTable } from '#app/models/analytics-export.server.ts';
import { parseAnalyticsParams } from '#app/models/analytics-params.server.ts';

// A resource route: errors are plain responses (404 for an unknown table or a view the viewer may
// not see), so it has no ErrorBoundary.

/** A dashboard table as XLSX: `/analytics/export.xlsx?view=heatmap&…` with the dashboard's filters. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'analytics:read');
  const url = new URL(request.url);
  return exportAnalyticsTable({
    viewer: user,
    params: parseAnalyticsParams(url.searchParams),
    view: url.searchParams.get('view'),
    format: 'xlsx',
    locale: await resolveLocale(request, user.locale),
    query: url.search,
    ipAddress: clientAddress(request),
  });
}
