import type { Executor } from '#db/client.ts';
import { auditEvents } from '#db/schema/index.ts';

export interface AuditEntry {
  actorUserId: string | null;
  action: string;
  entityType?: string;
  entityId?: string;
  detail?: Record<string, unknown>;
  ipAddress?: string | null;
}

/** Written inside the caller's transaction, so an audited change and its record land together. */
export async function recordAudit(executor: Executor, entry: AuditEntry): Promise<void> {
  await executor.insert(auditEvents).values({
    actorUserId: entry.actorUserId,
    action: entry.action,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId ?? null,
    detail: entry.detail ?? null,
    ipAddress: entry.ipAddress ?? null,
  });
}

/**
 * The address the request came from, as the reverse proxy in front of the app saw it: the last
 * X-Forwarded-For entry, the one that proxy appended. Earlier entries are whatever the client sent,
 * so taking the first would let anyone pick a new address per request and slip past the sign-in
 * and invitation-link throttles.
 */
export function clientAddress(request: Request): string {
  return request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim() || 'local';
}
