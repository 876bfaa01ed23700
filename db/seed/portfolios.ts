import type { SizeSegment } from '../../analytics/metrics/index.ts';
import { addDays, laterOf, randomDay } from './calendar.ts';
import type { ClientPlan } from './clients.ts';
import { FORMER_MANAGER_LEFT_ON, type ManagerPlan, managerWithPart } from './managers.ts';
import type { Random } from './random.ts';

export interface AssignmentPlan {
  id: string;
  clientId: string;
  managerId: string;
  unitId: string;
  validFrom: string;
  validTo: string | null;
  reason: string;
}

export interface Portfolios {
  assignments: AssignmentPlan[];
  /** The personal manager of each managed client today. */
  currentManager: Map<string, string>;
  /** The manager serving a client on a date, from the assignment history; null when none did. */
  managerOn(clientId: string, onDate: string): string | null;
}

// Personal managers go to significant clients: every large one, most medium ones, small ones only
// by exception (source article, principle 3).
const managedShare: Record<SizeSegment, number> = { large: 1, medium: 0.85, small: 0.35, micro: 0.03 };
const sizeRank: Record<SizeSegment, number> = { micro: 0, small: 1, medium: 2, large: 3 };

const NEWCOMER_STARTED_ON = '2026-02-02';
const FORMER_MANAGER_CLIENTS = 18;
const ROTATION_SHARE = 0.18;
const LAST_ROTATION = '2026-09-01';

const reasons = {
  first: 'Закрепление за персональным менеджером',
  rotation: 'Плановая ротация менеджеров (не чаще раза в год)',
  managerLeft: 'Менеджер уволился, клиенты переданы',
  newcomer: 'Передача клиентов новому менеджеру',
};

interface Handover {
  previous: ManagerPlan;
  /** Last day with the previous manager. */
  until: string;
  reason: string;
}

/**
 * Who manages whom. A holding is one relationship: all its companies share one manager and one
 * history, so there are no competing contacts between units.
 */
export function planPortfolios(
  random: Random,
  clients: readonly ClientPlan[],
  managers: readonly ManagerPlan[],
): Portfolios {
  const relationships = groupIntoRelationships(clients).filter((members) => isManaged(random, members));
  const former = managerWithPart(managers, 'former');
  const newcomer = managerWithPart(managers, 'newcomer');
  const weak = managerWithPart(managers, 'weak');
  const newcomerClients = new Set(
    relationships
      .filter(
        ([first, ...others]) =>
          others.length === 0 &&
          first.unit.code === newcomer.unitCode &&
          first.sizeSegment === 'medium' &&
          first.clientSince < '2024-06-01',
      )
      .slice(0, 2)
      .map(([first]) => first.id),
  );
  const load = new Map<ManagerPlan, number>();
  let formerClientsLeft = FORMER_MANAGER_CLIENTS;
  const assignments: AssignmentPlan[] = [];

  for (const members of relationships) {
    const unitId = members[0].unit.id;
    const candidates = managers.filter((manager) => manager.row.unitId === unitId && manager.capacity > 0);
    const drawn = leastLoaded(candidates, load);
    load.set(drawn, (load.get(drawn) ?? 0) + members.length);
    const assignedFrom = randomDay(random, '2016-01-01', '2024-12-31');

    let current = drawn;
    let handover: Handover | undefined;
    if (newcomerClients.has(members[0].id)) {
      current = newcomer;
      handover = { previous: drawn, until: addDays(NEWCOMER_STARTED_ON, -1), reason: reasons.newcomer };
    } else if (drawn.unitCode === former.unitCode && formerClientsLeft > 0 && assignedFrom < '2024-06-30') {
      formerClientsLeft--;
      handover = { previous: former, until: FORMER_MANAGER_LEFT_ON, reason: reasons.managerLeft };
    } else if (drawn !== weak && random.chance(ROTATION_SHARE)) {
      // Rotation at most once a year: the first manager keeps the client for at least a year.
      const earliestRotation = laterOf(addDays(assignedFrom, 366), '2023-06-01');
      if (earliestRotation <= LAST_ROTATION) {
        const partners = candidates.filter((manager) => manager !== drawn && manager !== weak);
        const rotatedOn = randomDay(random, earliestRotation, LAST_ROTATION);
        handover = {
          previous: random.pick(partners),
          until: addDays(rotatedOn, -1),
          reason: reasons.rotation,
        };
      }
    }
    for (const client of members) {
      assignments.push(...history(random, { client, unitId, assignedFrom, current, handover }));
    }
  }
  return portfoliosFrom(assignments);
}

// The least loaded manager for their capacity takes the next relationship: portfolio sizes follow
// the capacities closely, so the demo story does not depend on luck.
function leastLoaded(
  candidates: readonly ManagerPlan[],
  load: ReadonlyMap<ManagerPlan, number>,
): ManagerPlan {
  const pressure = (manager: ManagerPlan) => ((load.get(manager) ?? 0) + 1) / manager.capacity;
  return candidates.reduce((best, manager) => (pressure(manager) < pressure(best) ? manager : best));
}

/** One row, or two when the client changed hands after it was first assigned. */
function history(
  random: Random,
  {
    client,
    unitId,
    assignedFrom,
    current,
    handover,
  }: { client: ClientPlan; unitId: string; assignedFrom: string; current: ManagerPlan; handover?: Handover },
): AssignmentPlan[] {
  const validFrom = laterOf(assignedFrom, client.clientSince);
  const row = (managerId: string, from: string, to: string | null, reason: string): AssignmentPlan => ({
    id: random.uuid(),
    clientId: client.id,
    managerId,
    unitId,
    validFrom: from,
    validTo: to,
    reason,
  });
  if (!handover) return [row(current.row.id, validFrom, null, reasons.first)];
  const handedOverOn = addDays(handover.until, 1);
  // A company that became a client after the handover only ever had the current manager.
  if (validFrom > handover.until) return [row(current.row.id, validFrom, null, reasons.first)];
  return [
    row(handover.previous.row.id, validFrom, handover.until, reasons.first),
    row(current.row.id, handedOverOn, null, handover.reason),
  ];
}

function portfoliosFrom(assignments: AssignmentPlan[]): Portfolios {
  const byClient = new Map<string, AssignmentPlan[]>();
  for (const assignment of assignments) {
    const history = byClient.get(assignment.clientId) ?? [];
    history.push(assignment);
    byClient.set(assignment.clientId, history);
  }
  const currentManager = new Map<string, string>();
  for (const [clientId, history] of byClient) {
    const open = history.find((assignment) => assignment.validTo === null);
    if (open) currentManager.set(clientId, open.managerId);
  }
  return {
    assignments,
    currentManager,
    managerOn: (clientId, onDate) =>
      byClient
        .get(clientId)
        ?.find(
          (assignment) =>
            assignment.validFrom <= onDate && (assignment.validTo === null || assignment.validTo >= onDate),
        )?.managerId ?? null,
  };
}

function groupIntoRelationships(clients: readonly ClientPlan[]): ClientPlan[][] {
  const holdings = new Map<string, ClientPlan[]>();
  const relationships: ClientPlan[][] = [];
  for (const client of clients) {
    if (!client.group) {
      relationships.push([client]);
      continue;
    }
    const members = holdings.get(client.group.id);
    if (members) members.push(client);
    else {
      const created = [client];
      holdings.set(client.group.id, created);
      relationships.push(created);
    }
  }
  return relationships;
}

function isManaged(random: Random, members: readonly ClientPlan[]): boolean {
  if (members.some((client) => client.vipCriteria.length > 0)) return true;
  const largest = members.reduce(
    (size, client) => (sizeRank[client.sizeSegment] > sizeRank[size] ? client.sizeSegment : size),
    members[0].sizeSegment,
  );
  return random.chance(managedShare[largest]);
}
