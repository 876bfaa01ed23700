import type { LoaderFunctionArgs } from '@remix-run/node';
import { notFound, requireUser } from '#app/auth/session.server.ts';
import { resolveLocale } from '#app/i18n/locale.server.ts';
import { clientAddress } from '#app/models/audit.server.ts';
import { resolveReviewPeriod } from '#app/models/kpis.server.ts';
import { exportReviewXlsx } from '#app/models/reviews.server.ts';

// A resource route: errors are plain responses (404 for a card the viewer may not see), so it has
// no ErrorBoundary.

/** A manager's review as XLSX: the frozen card once signed, the live one before. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'performance:read');
  const period = await resolveReviewPeriod(new URL(request.url).searchParams.get('period'));
  if (!period) throw notFound();
  return exportReviewXlsx({
    viewer: user,
    managerId: params.managerId ?? '',
    periodId: period.id,
    locale: await resolveLocale(request, user.locale),
    ipAddress: clientAddress(request),
  });
}
