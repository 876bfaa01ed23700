import type { LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { notFound, requireUser } from '#app/auth/session.server.ts';
import { resolveLocale } from '#app/i18n/locale.server.ts';
import { clientAddress } from '#app/models/audit.server.ts';
import { exportClientBase } from '#app/models/client-export.server.ts';
import { importFormats, importKinds } from '#db/schema/import-vocabulary.ts';

// A resource route: errors are plain responses, so it has no ErrorBoundary.

const exportSchema = z.object({ kind: z.enum(importKinds), format: z.enum(importFormats) });

/**
 * `/clients/export?kind=clients&format=xlsx`: one part of the client base in the import's own
 * columns; a manager gets only their own clients.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'clients:read');
  const parsed = exportSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw notFound();
  return exportClientBase({
    viewer: user,
    ...parsed.data,
    locale: await resolveLocale(request, user.locale),
    ipAddress: clientAddress(request),
  });
}
