import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { applyResponseToRollups } from '#analytics/aggregations/index.ts';
import type { Database } from '#db/client.ts';
import {
  clientGroups,
  clientProducts,
  invitations,
  products,
  responses,
  scoreFacts,
  surveys,
  surveyVersions,
  waves,
} from '#db/schema/index.ts';
import { type ContactRole, contactRoles, type SizeSegment } from '#db/schema/domain.ts';
import type { SurveyDefinition } from '#surveys/definition.ts';
import { extractScoreFacts, scoringMap } from '#surveys/scoring.ts';
import { getTemplate } from '#surveys/templates/index.ts';
import { createClient, createContact } from './clients.ts';
import { createManager, createRegion, createUnit } from './reference.ts';

/** mulberry32: a seeded generator, so a failing data set can be regenerated exactly. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (probability: number) => next() < probability,
    pick: <T>(values: readonly T[]): T => values[int(0, values.length - 1)],
  };
}
export type SeededRandom = ReturnType<typeof seededRandom>;

export interface AnalyticsDataset {
  relationshipWaveIds: [previous: string, current: string];
  cesWaveId: string;
  productIds: string[];
  managerIds: string[];
  unitIds: string[];
  groupIds: string[];
  clientIds: string[];
  /** Responses inserted as partial, their answers ready: complete them with `completePending`. */
  pendingResponseIds: string[];
  /**
   * Completes a pending response as the respondent's last submit would; with `rollups: false` it
   * leaves the rollups to the caller (a batch writer).
   */
  completePending(responseId: string, options?: { rollups: boolean }): Promise<void>;
}

interface ResponsePlan {
  id: string;
  waveId: string;
  definition: SurveyDefinition;
  answers: Record<string, unknown>;
  productCodes: string[];
}

// Sizes drawn unevenly so that 'micro' cells fall under the suppression threshold.
const sizeWeights: Array<[SizeSegment, number]> = [
  ['micro', 0.02],
  ['small', 0.38],
  ['medium', 0.35],
  ['large', 0.25],
];
const okvedBySection: Record<string, string> = { C: '25.62', G: '46.90', J: '62.01', K: '64.19', F: '41.20' };

/**
 * A small bank's worth of survey data inserted directly: clients with contacts of every role,
 * products with income, two relationship waves and one transactional (CES) wave, responses with
 * snapshots that sometimes differ from the client's current state, and score facts produced by
 * the real scoring map from generated answers. Completed responses go through completeResponse,
 * which keeps the rollups current as production does; `pendingShare` of them are left partial.
 */
export async function createAnalyticsDataset(
  db: Database,
  {
    seed,
    clients: clientCount = 48,
    pendingShare = 0,
  }: { seed: number; clients?: number; pendingShare?: number },
): Promise<AnalyticsDataset> {
  const random = seededRandom(seed);
  const tag = randomUUID().slice(0, 8);
  const region = await createRegion(db);
  const otherRegion = await createRegion(db);
  const units = [
    await createUnit(db, { regionCode: region.code }),
    await createUnit(db, { regionCode: otherRegion.code }),
  ];
  const managers = await Promise.all([0, 1, 2].map((i) => createManager(db, { unitId: units[i % 2].id })));
  const groups = await db
    .insert(clientGroups)
    .values([{ name: `Holding A ${tag}` }, { name: `Holding B ${tag}` }])
    .returning();
  const productCodes = ['cash_management', 'lending', 'payroll', 'acquiring'];
  const productRows = await db
    .insert(products)
    .values(productCodes.map((code) => ({ code: `${code}_${tag}`, nameEn: code, nameRu: code })))
    .returning();
  const productIdByCode = new Map(productCodes.map((code, i) => [code, productRows[i].id]));

  const banking = await surveyVersion(db, 'banking-relationship', tag);
  const ces = await surveyVersion(db, 'transactional-ces', tag);
  const [previousWave, currentWave, cesWave] = await db
    .insert(waves)
    .values([
      { name: 'Spring', surveyVersionId: banking.id, status: 'closed' },
      { name: 'Autumn', surveyVersionId: banking.id, status: 'closed' },
      { name: 'Onboarding', surveyVersionId: ces.id, status: 'closed' },
    ])
    .returning();

  const clientIds: string[] = [];
  const plans: Array<{ plan: ResponsePlan; pending: boolean }> = [];
  for (let c = 0; c < clientCount; c += 1) {
    const size = weightedPick(random, sizeWeights);
    const section = random.pick(Object.keys(okvedBySection));
    const unit = random.pick(units);
    const manager = random.chance(0.85) ? random.pick(managers) : null;
    const group = random.chance(0.3) ? random.pick(groups) : null;
    const client = await createClient(db, {
      size,
      okved2: okvedBySection[section],
      regionCode: unit.regionCode!,
      unitId: unit.id,
      managerId: manager?.id ?? null,
      groupId: group?.id ?? null,
      vipCriteria: random.chance(0.2) ? ['growth_industry'] : [],
    });
    clientIds.push(client.id);
    // Some clients use no product: they bring no income, so they drop out of revenue figures.
    const used = productCodes.filter(() => random.chance(0.45));
    if (used.length > 0) {
      await db.insert(clientProducts).values(
        used.map((code) => ({
          clientId: client.id,
          productId: productIdByCode.get(code)!,
          incomeRub: (random.int(1, 400) * 12_500).toFixed(2),
        })),
      );
    }
    const contactCount = random.int(1, 4);
    for (let k = 0; k < contactCount; k += 1) {
      const role: ContactRole = random.pick(contactRoles);
      const contact = await createContact(db, {
        clientId: client.id,
        role,
        email: `c${tag}-${c}-${k}@client.test`,
      });
      for (const wave of [previousWave, currentWave, cesWave]) {
        if (!random.chance(0.8)) continue;
        const definition = wave.id === cesWave.id ? ces.definition : banking.definition;
        const [invitation] = await db
          .insert(invitations)
          .values({
            waveId: wave.id,
            contactId: contact.id,
            clientId: client.id,
            tokenHash: randomUUID(),
            status: 'started',
            language: random.chance(0.7) ? 'ru' : 'en',
          })
          .returning();
        if (!random.chance(0.75)) continue;
        // The previous wave's snapshot sometimes differs from today's client: a segment or manager change.
        const moved = wave.id === previousWave.id && random.chance(0.2);
        const snapshotProducts = moved ? used.slice(1) : used;
        const [response] = await db
          .insert(responses)
          .values({
            invitationId: invitation.id,
            waveId: wave.id,
            surveyVersionId: wave.surveyVersionId,
            clientId: client.id,
            contactId: contact.id,
            language: invitation.language,
            sizeSegment: moved ? weightedPick(random, sizeWeights) : size,
            industrySection: section,
            regionCode: unit.regionCode!,
            unitId: unit.id,
            managerId: moved ? random.pick(managers).id : (manager?.id ?? null),
            clientGroupId: group?.id ?? null,
            contactRole: role,
            isVip: client.vipCriteria.length > 0,
            productIds: snapshotProducts.map((code) => productIdByCode.get(code)!),
          })
          .returning();
        const answers = answerSurvey(random, definition, snapshotProducts);
        plans.push({
          plan: { id: response.id, waveId: wave.id, definition, answers, productCodes: snapshotProducts },
          pending: random.chance(pendingShare),
        });
      }
    }
  }
  for (const { plan, pending: isPending } of plans) {
    if (!isPending) await completeResponse(db, plan, productIdByCode);
    else await db.update(responses).set({ answers: plan.answers }).where(eq(responses.id, plan.id));
  }
  const pending = new Map(plans.filter((entry) => entry.pending).map(({ plan }) => [plan.id, plan]));
  return {
    relationshipWaveIds: [previousWave.id, currentWave.id],
    cesWaveId: cesWave.id,
    productIds: productRows.map((product) => product.id),
    managerIds: managers.map((manager) => manager.id),
    unitIds: units.map((unit) => unit.id),
    groupIds: groups.map((group) => group.id),
    clientIds,
    pendingResponseIds: [...pending.keys()],
    completePending: async (responseId, { rollups } = { rollups: true }) => {
      const plan = pending.get(responseId);
      if (!plan) throw new Error(`Response ${responseId} is not pending`);
      pending.delete(responseId);
      await completeResponse(db, plan, productIdByCode, rollups);
    },
  };
}

/** What the completion code does: facts, status and rollups in one transaction. */
async function completeResponse(
  db: Database,
  plan: ResponsePlan,
  productIdByCode: Map<string, string>,
  rollups = true,
) {
  await db.transaction(async (tx) => {
    const facts = extractScoreFacts(plan.definition, plan.answers);
    if (facts.length > 0) {
      await tx.insert(scoreFacts).values(
        facts.map((fact) => ({
          responseId: plan.id,
          waveId: plan.waveId,
          metric: fact.metric,
          attribute: fact.attribute,
          productId: fact.productCode ? productIdByCode.get(fact.productCode)! : null,
          value: fact.value,
          question: fact.question,
        })),
      );
    }
    await tx
      .update(responses)
      .set({ status: 'completed', completedAt: new Date(), answers: plan.answers })
      .where(eq(responses.id, plan.id));
    if (rollups) await applyResponseToRollups(tx, plan.id);
  });
}

async function surveyVersion(db: Database, key: string, tag: string) {
  const template = getTemplate(key)!;
  const [survey] = await db
    .insert(surveys)
    .values({ key: `${key}-${tag}`, titleEn: template.titleEn, titleRu: template.titleRu })
    .returning();
  const [version] = await db
    .insert(surveyVersions)
    .values({ surveyId: survey.id, version: 1, definition: template.definition, frozenAt: new Date() })
    .returning();
  return { id: version.id, definition: template.definition };
}

function weightedPick<T>(random: SeededRandom, entries: ReadonlyArray<[T, number]>): T {
  let draw = random.next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [value, weight] of entries) {
    draw -= weight;
    if (draw < 0) return value;
  }
  return entries[entries.length - 1][0];
}

const words = ['тарифы', 'менеджер', 'скорость', 'fees', 'manager', 'speed', 'онлайн-банк', 'support'];

/**
 * Answers on each scored question's scale, with a general mood so that attributes, overall and
 * LTR correlate (relative weights need that); about one answer in eight is skipped.
 */
function answerSurvey(random: SeededRandom, definition: SurveyDefinition, productCodes: string[]) {
  const mood = random.next();
  // Leaning to the top of the scale, as satisfaction answers do, so NPS has promoters too.
  const onScale = (min: number, max: number) =>
    Math.round(min + (max - min) * (0.3 + 0.7 * (0.6 * mood + 0.4 * random.next())));
  const answers: Record<string, unknown> = {};
  for (const item of scoringMap(definition)) {
    if (item.rowsAreProducts) {
      answers[item.question] = Object.fromEntries(
        productCodes.map((code) => [
          code,
          Object.fromEntries(
            (item.columns ?? []).map((column) => [column, onScale(item.scale.min, item.scale.max)]),
          ),
        ]),
      );
    } else if (!random.chance(0.12)) {
      answers[item.question] = onScale(item.scale.min, item.scale.max);
    }
  }
  if (random.chance(0.3))
    answers.comments = `${random.pick(words)} ${random.pick(words)} ${random.int(1, 99)}`;
  if (random.chance(0.15)) answers.improve_first = `${random.pick(words)} %_ ${random.int(1, 99)}`;
  return answers;
}
