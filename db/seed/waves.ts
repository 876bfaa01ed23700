import { createHash } from 'node:crypto';
import type { SurveyDefinition } from '../../surveys/definition.ts';
import { extractScoreFacts } from '../../surveys/scoring.ts';
import type { InvitationStatus } from '../schema/domain.ts';
import type { invitationEvents, invitations, responses, scoreFacts, waves } from '../schema/index.ts';
import { answerSurvey, pageReached } from './answers.ts';
import { addHours, dateOf } from './calendar.ts';
import { type ClientProductPlan, productsOn } from './client-products.ts';
import { type ClientPlan, sizeOn } from './clients.ts';
import type { ContactPlan } from './contacts.ts';
import { type ManagerPlan, managerWithPart } from './managers.ts';
import type { Portfolios } from './portfolios.ts';
import type { Random } from './random.ts';
import { formOpinion } from './satisfaction.ts';

type WaveRow = typeof waves.$inferInsert & { id: string };
type InvitationRow = typeof invitations.$inferInsert & { id: string };
type EventRow = typeof invitationEvents.$inferInsert;
type ResponseRow = typeof responses.$inferInsert & { id: string };
type FactRow = typeof scoreFacts.$inferInsert;

interface WaveSeed {
  name: string;
  /** First day of sending (Monday); invitations go out at 10:00 Moscow time. */
  sendFrom: string;
  sendUntil: string;
  expiresOn: string;
}

// Spring and autumn waves, as the bank runs them, all closed by the demo's "today".
export const waveSeeds: readonly WaveSeed[] = [
  {
    name: 'Весна 2025 / Spring 2025',
    sendFrom: '2025-04-07',
    sendUntil: '2025-04-30',
    expiresOn: '2025-05-15',
  },
  {
    name: 'Осень 2025 / Autumn 2025',
    sendFrom: '2025-10-06',
    sendUntil: '2025-10-31',
    expiresOn: '2025-11-14',
  },
  {
    name: 'Весна 2026 / Spring 2026',
    sendFrom: '2026-04-06',
    sendUntil: '2026-04-30',
    expiresOn: '2026-05-15',
  },
];

const REMINDER_AFTER_DAYS = 5;
const REMINDER_MAX = 2;

export interface SurveyContext {
  surveyVersionId: string;
  definition: SurveyDefinition;
  clients: readonly ClientPlan[];
  contactsByClient: ReadonlyMap<string, ContactPlan[]>;
  productsByClient: ReadonlyMap<string, ClientProductPlan[]>;
  productIdByCode: ReadonlyMap<string, string>;
  portfolios: Portfolios;
  managers: readonly ManagerPlan[];
  launchedBy: string;
}

/** A completed response with what a follow-up needs. */
export interface CompletedResponse {
  response: ResponseRow;
  answers: Record<string, unknown>;
  waveIndex: number;
  completedAt: Date;
}

export interface SurveyedWaves {
  waves: WaveRow[];
  invitations: InvitationRow[];
  events: EventRow[];
  responses: ResponseRow[];
  facts: FactRow[];
  completed: CompletedResponse[];
}

/** What stays with a client or contact across waves. */
interface WaveMemory {
  managerById: ReadonlyMap<string, ManagerPlan>;
  newcomerId: string;
  /** Stable satisfaction and willingness to answer of each client. */
  traits: ReadonlyMap<string, { affinity: number; responsiveness: number }>;
  /** Contacts whose mailbox bounced after they left: the CRM flags them, later waves skip them. */
  bouncedAfterLeaving: Set<string>;
}

interface WaveRun {
  wave: WaveRow;
  waveIndex: number;
  seed: WaveSeed;
}

/**
 * Runs the three past waves: who was invited, what happened to each invitation, and what those
 * who answered said. Contacts who opt out are marked on the contact, so later waves skip them.
 */
export function surveyWaves(random: Random, context: SurveyContext): SurveyedWaves {
  const result: SurveyedWaves = {
    waves: [],
    invitations: [],
    events: [],
    responses: [],
    facts: [],
    completed: [],
  };
  const memory: WaveMemory = {
    managerById: new Map(context.managers.map((manager) => [manager.row.id, manager])),
    newcomerId: managerWithPart(context.managers, 'newcomer').row.id,
    traits: new Map(
      context.clients.map((client) => [
        client.id,
        { affinity: random.normal(0, 0.5), responsiveness: random.normal(0, 0.08) },
      ]),
    ),
    bouncedAfterLeaving: new Set<string>(),
  };
  waveSeeds.forEach((seed, waveIndex) => {
    const wave = planWave(random, seed, context.surveyVersionId, context.launchedBy);
    result.waves.push(wave);
    for (const client of context.clients) {
      surveyClient(random, context, memory, { wave, waveIndex, seed }, client, result);
    }
  });
  return result;
}

function planWave(random: Random, seed: WaveSeed, surveyVersionId: string, launchedBy: string): WaveRow {
  const launchedAt = addHours(dateOf(seed.sendFrom), 7);
  const closedAt = addHours(dateOf(seed.expiresOn), 21);
  return {
    id: random.uuid(),
    name: seed.name,
    surveyVersionId,
    status: 'closed',
    sendFrom: launchedAt,
    sendUntil: addHours(dateOf(seed.sendUntil), 20),
    expiresAt: addHours(dateOf(seed.expiresOn), 20),
    reminderAfterDays: REMINDER_AFTER_DAYS,
    reminderMax: REMINDER_MAX,
    launchedAt,
    closedAt,
    createdBy: launchedBy,
    createdAt: addHours(launchedAt, -24 * 7),
    updatedAt: closedAt,
  };
}

function surveyClient(
  random: Random,
  context: SurveyContext,
  memory: WaveMemory,
  run: WaveRun,
  client: ClientPlan,
  result: SurveyedWaves,
) {
  const { wave, waveIndex, seed } = run;
  if (client.clientSince > seed.sendFrom) return;
  const managerId = context.portfolios.managerOn(client.id, seed.sendFrom);
  // Key accounts are asked every wave; the rest of the base by a random half.
  if (managerId === null && !random.chance(0.55)) return;
  const invitees = (context.contactsByClient.get(client.id) ?? [])
    .filter((contact) => isReachable(contact, wave.launchedAt!, memory.bouncedAfterLeaving))
    .slice(0, managerId === null ? 2 : 3);
  const { affinity, responsiveness } = memory.traits.get(client.id)!;
  // The newcomer's two clients both answer in the last wave: the manager with n = 2.
  const mustRespond = waveIndex === waveSeeds.length - 1 && managerId === memory.newcomerId;

  invitees.forEach((contact, index) => {
    const left = contact.leftOn !== null && contact.leftOn < seed.sendFrom;
    if (left) memory.bouncedAfterLeaving.add(contact.id);
    const completeChance =
      0.27 + 0.03 * waveIndex + (managerId ? 0.08 : 0) + responsiveness + 0.04 * affinity;
    const status = left
      ? 'bounced'
      : mustRespond && index === 0
        ? 'completed'
        : drawOutcome(random, completeChance);
    const invitation = inviteContact(random, { wave, client, contact, status, result });
    if (status !== 'completed' && status !== 'started') return;

    const manager = managerId ? memory.managerById.get(managerId) : undefined;
    const response = respond(random, context, { ...run, client, contact, invitation, manager, affinity });
    result.responses.push(response.row);
    if (status === 'completed') recordScores(context, run, response, result);
  });
}

function recordScores(
  context: SurveyContext,
  { wave, waveIndex }: WaveRun,
  response: { row: ResponseRow; answers: Record<string, unknown> },
  result: SurveyedWaves,
) {
  for (const fact of extractScoreFacts(context.definition, response.answers)) {
    result.facts.push({
      responseId: response.row.id,
      waveId: wave.id,
      metric: fact.metric,
      attribute: fact.attribute,
      productId: fact.productCode ? context.productIdByCode.get(fact.productCode) : null,
      value: fact.value,
      question: fact.question,
    });
  }
  result.completed.push({
    response: response.row,
    answers: response.answers,
    waveIndex,
    completedAt: response.row.completedAt!,
  });
}

function isReachable(
  contact: ContactPlan,
  launchedAt: Date,
  bouncedAfterLeaving: ReadonlySet<string>,
): boolean {
  return (
    contact.email !== null &&
    contact.consentGiven &&
    (contact.optedOutAt === null || contact.optedOutAt > launchedAt) &&
    !bouncedAfterLeaving.has(contact.id)
  );
}

type Outcome = Extract<
  InvitationStatus,
  'completed' | 'started' | 'opened' | 'sent' | 'bounced' | 'opted_out'
>;

function drawOutcome(random: Random, completeChance: number): Outcome {
  const completed = Math.min(0.8, Math.max(0.05, completeChance));
  return random.weighted([
    ['bounced', 0.03],
    ['opted_out', 0.02],
    ['completed', completed],
    ['started', 0.05],
    ['opened', 0.14],
    ['sent', Math.max(0, 0.76 - completed)],
  ] as const);
}

// When people open their invitation, in days after it was sent: most at once, bumps after reminders.
const openingDelays: readonly (readonly [number, number])[] = [
  [0, 40],
  [1, 14],
  [2, 7],
  [3, 4],
  [5, 11],
  [6, 5],
  [7, 2],
  [10, 9],
  [11, 4],
  [14, 4],
];

function inviteContact(
  random: Random,
  {
    wave,
    client,
    contact,
    status,
    result,
  }: { wave: WaveRow; client: ClientPlan; contact: ContactPlan; status: Outcome; result: SurveyedWaves },
): InvitationRow {
  const sentAt = addHours(wave.launchedAt!, random.uniform(0, 2));
  const delay = random.weighted(openingDelays);
  const openedAt =
    status === 'sent' || status === 'bounced' ? null : addHours(sentAt, delay * 24 + random.uniform(0, 8));
  const startedAt =
    status === 'completed' || status === 'started' ? addHours(openedAt!, random.uniform(0, 0.2)) : null;
  const completedAt = status === 'completed' ? addHours(startedAt!, random.uniform(0.07, 0.4)) : null;
  const answered = status === 'completed' || status === 'opted_out';
  const remindersSent =
    status === 'bounced'
      ? 0
      : answered
        ? Math.min(REMINDER_MAX, Math.floor(delay / REMINDER_AFTER_DAYS))
        : REMINDER_MAX;
  const token = random.hex(32);

  const invitation: InvitationRow = {
    id: random.uuid(),
    waveId: wave.id,
    contactId: contact.id,
    clientId: client.id,
    // The link's token is never stored; these demo waves are closed, so their links are dead anyway.
    tokenHash: createHash('sha256').update(token).digest('hex'),
    status,
    language: contact.language,
    remindersSent,
    sentAt,
    openedAt,
    startedAt,
    completedAt,
    lastError: status === 'bounced' ? '550 5.1.1 Mailbox unavailable' : null,
    createdAt: wave.launchedAt!,
    updatedAt: completedAt ?? startedAt ?? openedAt ?? sentAt,
  };
  result.invitations.push(invitation);

  const event = (eventStatus: InvitationStatus, at: Date, detail: string | null = null) =>
    result.events.push({ invitationId: invitation.id, status: eventStatus, at, detail });
  event('sent', sentAt);
  for (let reminder = 1; reminder <= remindersSent; reminder++) {
    event('sent', addHours(sentAt, 24 * REMINDER_AFTER_DAYS * reminder), `reminder ${reminder}`);
  }
  if (status === 'bounced') event('bounced', addHours(sentAt, 0.05), invitation.lastError);
  if (openedAt) event('opened', openedAt);
  if (status === 'opted_out') {
    // The opt-out is the contact's, not the wave's: no survey reaches them again.
    contact.optedOutAt = addHours(openedAt!, 0.02);
    event('opted_out', contact.optedOutAt);
  }
  if (startedAt) event('started', startedAt);
  if (completedAt) event('completed', completedAt);
  return invitation;
}

function respond(
  random: Random,
  context: SurveyContext,
  subject: WaveRun & {
    client: ClientPlan;
    contact: ContactPlan;
    invitation: InvitationRow;
    manager: ManagerPlan | undefined;
    affinity: number;
  },
) {
  const { client, contact, invitation, seed, manager } = subject;
  const partial = invitation.status === 'started';
  const products = productsOn(context.productsByClient.get(client.id) ?? [], seed.sendFrom);
  const productCodes = products.map((product) => product.code);
  const sizeSegment = sizeOn(client, seed.sendFrom);
  const isVip = client.vipCriteria.length > 0;
  const opinion = formOpinion(random, {
    waveIndex: subject.waveIndex,
    sizeSegment,
    industrySection: client.industrySection,
    isVip,
    role: contact.role,
    clientAffinity: subject.affinity,
    disposition: contact.disposition,
    managerQuality: manager?.quality ?? null,
    isWeakManager: manager?.part === 'weak',
    productCodes,
  });
  const answers = answerSurvey(random, context.definition, opinion, {
    productCodes,
    language: contact.language,
    partial,
  });
  const row: ResponseRow = {
    id: random.uuid(),
    invitationId: invitation.id,
    waveId: subject.wave.id,
    surveyVersionId: context.surveyVersionId,
    clientId: client.id,
    contactId: contact.id,
    status: partial ? 'partial' : 'completed',
    answers,
    currentPage: partial ? pageReached(context.definition, answers) : 0,
    language: contact.language,
    completedAt: partial ? null : invitation.completedAt,
    sizeSegment,
    industrySection: client.industrySection,
    regionCode: client.regionCode,
    unitId: client.unit.id,
    managerId: manager?.row.id ?? null,
    clientGroupId: client.group?.id ?? null,
    contactRole: contact.role,
    isVip,
    productIds: products.map((product) => context.productIdByCode.get(product.code)!),
    createdAt: invitation.startedAt!,
    updatedAt: invitation.completedAt ?? invitation.startedAt!,
  };
  return { row, answers };
}
