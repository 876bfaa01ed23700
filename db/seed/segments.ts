import type { SizeSegment } from '../../analytics/metrics/index.ts';
import type { ClientProductPlan } from './client-products.ts';
import type { ClientPlan } from './clients.ts';
import type { ManagerPlan } from './managers.ts';
import type { AssignmentPlan } from './portfolios.ts';
import type { Random } from './random.ts';

// Demo data behind the segment explorer and the client-group page: the clients' totals per product
// (for the share of business served) and one holding whose centralisation was broken.

/** How often a client's financial statements tell its totals, and how much of them we serve. */
const totalsKnown: Record<SizeSegment, number> = { large: 0.9, medium: 0.75, small: 0.45, micro: 0.2 };
const shareServed: Record<SizeSegment, readonly [number, number]> = {
  large: [0.15, 0.6],
  medium: [0.3, 0.85],
  small: [0.5, 1],
  micro: [0.7, 1],
};

/** The client's total on each of its products (with every bank), where its statements tell it. */
export function planClientTotals(
  random: Random,
  clients: readonly ClientPlan[],
  products: readonly ClientProductPlan[],
): Map<ClientProductPlan, number | null> {
  const sizeOf = new Map(clients.map((client) => [client.id, client.sizeSegment]));
  const known = new Map(clients.map((client) => [client.id, random.chance(totalsKnown[client.sizeSegment])]));
  return new Map(
    products.map((product) => {
      const size = sizeOf.get(product.clientId)!;
      if (!known.get(product.clientId) || product.volumeRub === null) return [product, null];
      const [low, high] = shareServed[size];
      return [product, Math.round(product.volumeRub / random.uniform(low, high))];
    }),
  );
}

export const SPLIT_ON = '2026-10-01';
const SPLIT_REASON = 'Дочерняя компания открыла счета в своём региональном филиале';

/**
 * One subsidiary of the largest managed holding moved to another unit and manager after the last
 * wave (so no response snapshot changes): the breach of centralisation the group page warns about.
 */
export function splitOneHolding(
  random: Random,
  clients: readonly ClientPlan[],
  managers: readonly ManagerPlan[],
  assignments: AssignmentPlan[],
  currentManager: Map<string, string>,
): { clientId: string; unitId: string; managerId: string } | null {
  const byGroup = new Map<string, ClientPlan[]>();
  for (const client of clients) {
    if (!client.group || !currentManager.has(client.id)) continue;
    byGroup.set(client.group.id, [...(byGroup.get(client.group.id) ?? []), client]);
  }
  const holding = [...byGroup.values()]
    .filter((members) => members.length >= 3)
    .sort((a, b) => b.length - a.length || a[0].group!.name.localeCompare(b[0].group!.name))[0];
  if (!holding) return null;
  const moved = holding.find((client) => !client.isGroupParent)!;
  const otherManager = managers.find(
    (manager) => manager.row.unitId !== moved.unit.id && manager.capacity > 0 && manager.part === 'regular',
  );
  if (!otherManager) return null;
  const open = assignments.find(
    (assignment) => assignment.clientId === moved.id && assignment.validTo === null,
  );
  if (open) open.validTo = '2026-09-30';
  assignments.push({
    id: random.uuid(),
    clientId: moved.id,
    managerId: otherManager.row.id,
    unitId: otherManager.row.unitId,
    validFrom: SPLIT_ON,
    validTo: null,
    reason: SPLIT_REASON,
  });
  currentManager.set(moved.id, otherManager.row.id);
  return { clientId: moved.id, unitId: otherManager.row.unitId, managerId: otherManager.row.id };
}
