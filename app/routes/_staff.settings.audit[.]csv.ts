import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '#app/auth/session.server.ts';
import { getI18n } from '#app/i18n/i18n.ts';
import { resolveLocale } from '#app/i18n/locale.server.ts';
import { auditFilterSchema, exportAuditLog } from '#app/models/audit-log.server.ts';
import { clientAddress } from '#app/models/audit.server.ts';

// A resource route (no ErrorBoundary): the audit log with the screen's filters as CSV; the export
// itself is written to the audit log.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'audit:read');
  const locale = await resolveLocale(request, user.locale);
  const t = getI18n(locale).getFixedT(locale, 'integration');
  const filter = auditFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return exportAuditLog({
    filter,
    viewer: user,
    ipAddress: clientAddress(request),
    labels: {
      at: t('audit.at'),
      actor: t('audit.actor'),
      email: t('audit.email'),
      action: t('audit.action'),
      entityType: t('audit.entityType'),
      entityId: t('audit.entityId'),
      detail: t('audit.detail'),
      ipAddress: t('audit.ipAddress'),
    },
  });
}
