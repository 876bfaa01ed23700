import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '#app/auth/session.server.ts';
import { resolveLocale } from '#app/i18n/locale.server.ts';
import { rejectedRowsFile } from '#app/models/client-import.server.ts';

// A resource route: errors are plain responses (404 for an unknown job or one without errors), so
// it has no ErrorBoundary.

/** The rejected rows of an import, in the uploaded file's format, with an errors column. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'clients:write');
  return rejectedRowsFile({
    viewer: user,
    jobId: params.jobId ?? '',
    locale: await resolveLocale(request, user.locale),
  });
}
