import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '#app/auth/session.server.ts';
import {
  FeedCursorError,
  feedParamsSchema,
  listSatisfactionFeed,
} from '#app/models/satisfaction-feed.server.ts';

// A resource route for the CRM with the staff session: JSON in, JSON out, no ErrorBoundary.

/**
 * The satisfaction feed as JSON: `/loyalty/feed.json?wave=&limit=&cursor=` returns
 * `{ items, nextCursor }`; follow nextCursor until it is null. A manager gets their own clients.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'analytics:read');
  const parsed = feedParamsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: 'Bad query parameters' }, { status: 400 });
  try {
    const page = await listSatisfactionFeed({
      viewer: user,
      waveId: parsed.data.wave,
      unitId: parsed.data.unit,
      managerId: parsed.data.manager,
      cursor: parsed.data.cursor,
      limit: parsed.data.limit,
    });
    return Response.json(page, { headers: { 'Cache-Control': 'private, no-store' } });
  } catch (error) {
    if (error instanceof FeedCursorError) return Response.json({ error: error.message }, { status: 400 });
    throw error;
  }
}
