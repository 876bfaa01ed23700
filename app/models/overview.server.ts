import { and, asc, count, eq, sql, sum } from 'drizzle-orm';
import { getDb } from '#db/client.ts';
import { clients, followUps, invitations, waves } from '#db/schema/index.ts';
import { sizeSegments } from '#db/schema/domain.ts';
import type { StaffUser } from '#app/auth/session.server.ts';
import { clientScope } from './clients.server.ts';

/** The first screen after sign-in: the viewer's client base, the waves, and follow-ups waiting. */
export async function getOverview({ viewer }: { viewer: StaffUser }) {
  const db = getDb();
  const scope = clientScope(viewer);
  const today = new Date().toISOString().slice(0, 10);
  const [sizeRows, waveRows, followUpRows] = await Promise.all([
    db
      .select({ sizeSegment: clients.sizeSegment, clients: count(), revenueRub: sum(clients.revenueRub) })
      .from(clients)
      .where(scope)
      .groupBy(clients.sizeSegment),
    db
      .select({
        id: waves.id,
        name: waves.name,
        status: waves.status,
        launchedAt: waves.launchedAt,
        invited: count(invitations.id),
        completed: sql<number>`count(*) filter (where ${invitations.status} = 'completed')`.mapWith(Number),
      })
      .from(waves)
      .leftJoin(invitations, eq(invitations.waveId, waves.id))
      .leftJoin(clients, eq(clients.id, invitations.clientId))
      .where(scope)
      .groupBy(waves.id)
      .orderBy(asc(waves.launchedAt)),
    db
      .select({
        open: count(),
        overdue: sql<number>`count(*) filter (where ${followUps.dueOn} < ${today})`.mapWith(Number),
      })
      .from(followUps)
      .innerJoin(clients, eq(clients.id, followUps.clientId))
      .where(and(scope, sql`${followUps.status} <> 'resolved'`)),
  ]);
  const bySize = sizeSegments.map((size) => {
    const row = sizeRows.find((candidate) => candidate.sizeSegment === size);
    return { sizeSegment: size, clients: row?.clients ?? 0, revenueRub: row?.revenueRub ?? '0' };
  });
  return {
    bySize,
    totalClients: bySize.reduce((total, row) => total + row.clients, 0),
    totalRevenueRub: bySize.reduce((total, row) => total + Number(row.revenueRub), 0),
    waves: waveRows.map((wave) => ({
      ...wave,
      responseRate: wave.invited > 0 ? wave.completed / wave.invited : null,
    })),
    followUps: followUpRows[0] ?? { open: 0, overdue: 0 },
  };
}
