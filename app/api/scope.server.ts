import { eq, type SQL } from 'drizzle-orm';
import type { AnalyticsFilter } from '#analytics/aggregations/index.ts';
import { clients } from '#db/schema/index.ts';
import type { StaffUser } from '#app/auth/session.server.ts';
import type { ApiTokenContext } from '#app/models/api-tokens.server.ts';
import { ApiProblem } from './problem.server.ts';

// Row-level scope of a token: one limited to a unit or to a manager's portfolio sees those clients
// only — everything else answers 404, exactly as a manager editing a URL in the staff app.

/** The token's restriction on `clients`, or undefined for a company-wide token. */
export function tokenClientScope(token: ApiTokenContext): SQL | undefined {
  if (token.unitId) return eq(clients.unitId, token.unitId);
  if (token.managerId) return eq(clients.managerId, token.managerId);
  return undefined;
}

/** The same restriction for analytics, on the response snapshot as the dashboards apply it. */
export function tokenAnalyticsFilter(token: ApiTokenContext): AnalyticsFilter {
  if (token.unitId) return { unitIds: [token.unitId] };
  if (token.managerId) return { managerIds: [token.managerId] };
  return {};
}

/**
 * The staff user a token's writes are made in the name of (its creator), for the shared models that
 * take an actor: they record it as the author and in the audit log.
 */
export function tokenActor(token: ApiTokenContext): StaffUser {
  if (!token.createdBy)
    throw new ApiProblem(403, 'The admin who created this token no longer exists; create a new token.');
  return {
    id: token.createdBy,
    email: '',
    fullName: `API token ${token.name}`,
    role: 'admin',
    locale: 'en',
    managerId: null,
  };
}
