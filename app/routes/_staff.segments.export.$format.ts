import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '#app/auth/session.server.ts';
import { resolveLocale } from '#app/i18n/locale.server.ts';
import { clientAddress } from '#app/models/audit.server.ts';
import { exportSegmentTable, parseExplorerParams } from '#app/models/segments.server.ts';

// A resource route: errors are plain responses (404 for an unknown table or format), so it has no
// ErrorBoundary.

/** `/segments/export/csv?view=targets&by=section…`: the explorer's table with the page's choices. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'segments:read');
  const url = new URL(request.url);
  return exportSegmentTable({
    viewer: user,
    params: parseExplorerParams(url.searchParams),
    view: url.searchParams.get('view'),
    format: params.format ?? '',
    locale: await resolveLocale(request, user.locale),
    query: url.search,
    ipAddress: clientAddress(request),
  });
}
