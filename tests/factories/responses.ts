import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import type { InvitationStatus, Locale } from '#db/schema/domain.ts';
import { clientProducts, invitations, products, surveys, surveyVersions, waves } from '#db/schema/index.ts';
import { newInvitationToken } from '#app/models/invitation-tokens.server.ts';
import type { SurveyDefinition } from '#surveys/definition.ts';
import { getTemplate, type SurveyTemplateKey } from '#surveys/templates/index.ts';
import { createClient, createContact } from './clients.ts';
import { createManager, createRegion, createUnit } from './reference.ts';

// A personal link with everything behind it: a client with a personal manager and products, a
// contact, a frozen survey version, a running wave and an invitation whose token the test knows.
// Survey and wave creation is minimal here; the wave screens have their own factories.

const productNames: Record<string, [string, string]> = {
  pipes: ['Pipes', 'Трубы'],
  fittings: ['Pipe fittings', 'Соединительные детали'],
  valves: ['Valves', 'Арматура'],
  engineering_services: ['Engineering services', 'Инжиниринговые услуги'],
  cash_management: ['Cash management', 'РКО'],
  lending: ['Lending', 'Кредитование'],
};

/** The products with these codes, created when missing. */
export async function ensureProducts(db: Database, codes: readonly string[]) {
  if (codes.length === 0) return [];
  await db
    .insert(products)
    .values(
      codes.map((code) => ({
        code,
        nameEn: productNames[code]?.[0] ?? code,
        nameRu: productNames[code]?.[1] ?? code,
      })),
    )
    .onConflictDoNothing({ target: products.code });
  return db
    .select()
    .from(products)
    .where(inArray(products.code, [...codes]));
}

/** A survey with one version of a template, frozen as a launched wave leaves it. */
export async function createSurveyVersion(
  db: Database,
  options: { template?: SurveyTemplateKey; definition?: SurveyDefinition; frozen?: boolean } = {},
) {
  const template = getTemplate(options.template ?? 'industrial-relationship')!;
  const [survey] = await db
    .insert(surveys)
    .values({
      key: `${template.key}-${randomUUID().slice(0, 8)}`,
      titleEn: template.titleEn,
      titleRu: template.titleRu,
    })
    .returning();
  const [version] = await db
    .insert(surveyVersions)
    .values({
      surveyId: survey.id,
      version: 1,
      definition: options.definition ?? template.definition,
      frozenAt: options.frozen === false ? null : new Date(),
    })
    .returning();
  return version;
}

export async function createWave(
  db: Database,
  options: { surveyVersionId: string; expiresAt?: Date | null } & Partial<typeof waves.$inferInsert>,
) {
  const { expiresAt = new Date(Date.now() + 30 * 86_400_000), ...overrides } = options;
  const [wave] = await db
    .insert(waves)
    .values({
      name: `Wave ${randomUUID().slice(0, 6)}`,
      status: 'running',
      launchedAt: new Date(),
      sendFrom: new Date(),
      expiresAt,
      ...overrides,
    })
    .returning();
  return wave;
}

/** An invitation with a known token (only its hash is stored, as the launch does). */
export async function createInvitation(
  db: Database,
  options: {
    waveId: string;
    clientId: string;
    contactId: string;
    status?: InvitationStatus;
    language?: Locale;
  },
) {
  const { token, tokenHash } = newInvitationToken();
  const [invitation] = await db
    .insert(invitations)
    .values({
      waveId: options.waveId,
      clientId: options.clientId,
      contactId: options.contactId,
      tokenHash,
      status: options.status ?? 'sent',
      language: options.language ?? 'ru',
      sentAt: new Date(),
    })
    .returning();
  return { token, invitation };
}

export interface RespondentFixtureOptions {
  template?: SurveyTemplateKey;
  productCodes?: string[];
  language?: Locale;
  status?: InvitationStatus;
  expiresAt?: Date | null;
  vip?: boolean;
  /** Reuse a wave (and its survey version) instead of creating one. */
  wave?: { id: string; surveyVersionId: string };
  /** Put the client in this manager's portfolio instead of a new manager's. */
  managerId?: string;
  unitId?: string;
  regionCode?: string;
}

export async function createRespondentFixture(db: Database, options: RespondentFixtureOptions = {}) {
  const region = options.regionCode ? { code: options.regionCode } : await createRegion(db);
  const unitId = options.unitId ?? (await createUnit(db)).id;
  const managerId = options.managerId ?? (await createManager(db, { unitId })).id;
  const client = await createClient(db, {
    regionCode: region.code,
    unitId,
    managerId,
    size: 'large',
    vipCriteria: options.vip ? ['growth_industry'] : [],
  });
  const contact = await createContact(db, { clientId: client.id, language: options.language ?? 'ru' });
  const clientProductRows = await ensureProducts(db, options.productCodes ?? ['pipes', 'valves']);
  if (clientProductRows.length > 0) {
    await db
      .insert(clientProducts)
      .values(clientProductRows.map((product) => ({ clientId: client.id, productId: product.id })));
  }
  const wave =
    options.wave ??
    (await createWave(db, {
      surveyVersionId: (await createSurveyVersion(db, { template: options.template })).id,
      expiresAt: options.expiresAt,
    }));
  const { token, invitation } = await createInvitation(db, {
    waveId: wave.id,
    clientId: client.id,
    contactId: contact.id,
    status: options.status,
    language: options.language,
  });
  return {
    token,
    invitation,
    wave,
    client,
    contact,
    managerId,
    unitId,
    regionCode: region.code,
    products: clientProductRows,
  };
}

/** A complete, valid set of answers to the industrial template; override to steer scores and alerts. */
export function industrialAnswers(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    overall: 4,
    ltr: 9,
    sat_quality: 4,
    sat_delivery: 5,
    sat_price: 3,
    sat_support: 4,
    sat_documents: 4,
    sat_manager: 5,
    imp_quality: 5,
    imp_delivery: 4,
    imp_price: 4,
    imp_support: 3,
    imp_documents: 2,
    imp_manager: 4,
    product_sat: { pipes: { quality: 4, delivery: 5, price: 3, support: 4 } },
    comments: 'Deliveries were on time this year.',
    contact_request: false,
    ...overrides,
  };
}
