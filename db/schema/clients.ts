import { sql } from 'drizzle-orm';
import {
  boolean,
  char,
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { id, sqlList, timestamps } from './columns.ts';
import { contactRoles, industrySectionLetters, locales, sizeSegments, vipCriteria } from './domain.ts';

export const regions = pgTable('regions', {
  code: text('code').primaryKey(),
  nameEn: text('name_en').notNull(),
  nameRu: text('name_ru').notNull(),
});

/** Servicing units: branches or divisions that own client relationships. */
export const units = pgTable('units', {
  id: id(),
  code: text('code').notNull().unique(),
  nameEn: text('name_en').notNull(),
  nameRu: text('name_ru').notNull(),
  regionCode: text('region_code').references(() => regions.code),
  ...timestamps(),
});

/** Personal (account) managers; a manager may or may not have a staff login. */
export const managers = pgTable(
  'managers',
  {
    id: id(),
    fullName: text('full_name').notNull(),
    email: text('email').notNull().unique(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    userId: uuid('user_id')
      .unique()
      .references(() => users.id, { onDelete: 'set null' }),
    isUnitHead: boolean('is_unit_head').notNull().default(false),
    active: boolean('active').notNull().default(true),
    ...timestamps(),
  },
  (t) => [index('managers_unit_idx').on(t.unitId)],
);

/** Holdings: related companies that the article says must be served as one relationship. */
export const clientGroups = pgTable('client_groups', {
  id: id(),
  name: text('name').notNull().unique(),
  ...timestamps(),
});

export const clients = pgTable(
  'clients',
  {
    id: id(),
    name: text('name').notNull(),
    inn: text('inn').notNull().unique(),
    okved2: text('okved2').notNull(),
    // Stored rather than joined: every list, filter and snapshot needs it, and it changes only with okved2.
    industrySection: char('industry_section', { length: 1 }).notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    registeredOn: date('registered_on').notNull(),
    revenueRub: numeric('revenue_rub', { precision: 18, scale: 2 }).notNull(),
    headcount: integer('headcount').notNull(),
    // Derived from revenue and headcount by the size thresholds in force; re-derived when they change.
    sizeSegment: text('size_segment', { enum: sizeSegments }).notNull(),
    groupId: uuid('group_id').references(() => clientGroups.id, { onDelete: 'set null' }),
    managerId: uuid('manager_id').references(() => managers.id, { onDelete: 'set null' }),
    vipCriteria: text('vip_criteria', { enum: vipCriteria }).array().notNull().default(sql`'{}'::text[]`),
    ...timestamps(),
  },
  (t) => [
    check('clients_inn_format', sql`${t.inn} ~ '^([0-9]{10}|[0-9]{12})$'`),
    check('clients_okved2_format', sql`${t.okved2} ~ '^[0-9]{2}(\\.[0-9]{1,2}(\\.[0-9]{1,2})?)?$'`),
    check(
      'clients_industry_section_known',
      sql`${t.industrySection} IN (${sqlList(industrySectionLetters)})`,
    ),
    check('clients_size_segment_known', sql`${t.sizeSegment} IN (${sqlList(sizeSegments)})`),
    check('clients_revenue_non_negative', sql`${t.revenueRub} >= 0`),
    check('clients_headcount_non_negative', sql`${t.headcount} >= 0`),
    check('clients_vip_criteria_known', sql`${t.vipCriteria} <@ ARRAY[${sqlList(vipCriteria)}]::text[]`),
    index('clients_manager_idx').on(t.managerId),
    index('clients_unit_idx').on(t.unitId),
    index('clients_region_idx').on(t.regionCode),
    index('clients_section_idx').on(t.industrySection),
    index('clients_size_idx').on(t.sizeSegment),
    index('clients_group_idx').on(t.groupId),
    index('clients_name_idx').on(sql`lower(${t.name})`),
  ],
);

/** Who served a client when: the history behind rotation rules and past scorecards. */
export const managerAssignments = pgTable(
  'manager_assignments',
  {
    id: id(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    managerId: uuid('manager_id').references(() => managers.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    reason: text('reason'),
    assignedBy: uuid('assigned_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('manager_assignments_period_ordered', sql`${t.validTo} IS NULL OR ${t.validTo} >= ${t.validFrom}`),
    index('manager_assignments_client_idx').on(t.clientId, t.validFrom),
    index('manager_assignments_manager_idx').on(t.managerId),
  ],
);

export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    fullName: text('full_name').notNull(),
    position: text('position'),
    email: text('email'),
    phone: text('phone'),
    role: text('role', { enum: contactRoles }).notNull(),
    language: text('language', { enum: locales }).notNull().default('ru'),
    consentGiven: boolean('consent_given').notNull().default(true),
    optedOutAt: timestamp('opted_out_at', { withTimezone: true }),
    // Days between surveys for this person; null means the company-wide setting.
    surveyCapDays: integer('survey_cap_days'),
    // The person left the company: "not eligible" in AAPOR terms.
    leftCompany: boolean('left_company').notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    check('contacts_role_known', sql`${t.role} IN (${sqlList(contactRoles)})`),
    check('contacts_language_known', sql`${t.language} IN (${sqlList(locales)})`),
    check('contacts_email_shape', sql`${t.email} IS NULL OR ${t.email} ~ '^[^@\\s]+@[^@\\s]+$'`),
    check('contacts_cap_positive', sql`${t.surveyCapDays} IS NULL OR ${t.surveyCapDays} > 0`),
    index('contacts_client_idx').on(t.clientId),
    index('contacts_email_idx').on(sql`lower(${t.email})`),
  ],
);

export const products = pgTable(
  'products',
  {
    id: id(),
    code: text('code').notNull().unique(),
    nameEn: text('name_en').notNull(),
    nameRu: text('name_ru').notNull(),
    // Yearly cost to serve one client on this product, for contribution per client.
    costToServeRub: numeric('cost_to_serve_rub', { precision: 18, scale: 2 }),
    active: boolean('active').notNull().default(true),
    ...timestamps(),
  },
  (t) => [check('products_cost_non_negative', sql`${t.costToServeRub} IS NULL OR ${t.costToServeRub} >= 0`)],
);

/** Which products a client uses and what we earn on each (trailing twelve months). */
export const clientProducts = pgTable(
  'client_products',
  {
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    since: date('since'),
    incomeRub: numeric('income_rub', { precision: 18, scale: 2 }).notNull().default('0'),
    // The client's business with us on this product (turnover, volume), for share of business served.
    volumeRub: numeric('volume_rub', { precision: 18, scale: 2 }),
    // The client's whole volume on this product with every bank (financial statements, purchased
    // data), where known: share of business served = volume_rub ÷ this.
    totalVolumeRub: numeric('total_volume_rub', { precision: 18, scale: 2 }),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.clientId, t.productId] }),
    check('client_products_income_non_negative', sql`${t.incomeRub} >= 0`),
    check('client_products_volume_non_negative', sql`${t.volumeRub} IS NULL OR ${t.volumeRub} >= 0`),
    check(
      'client_products_total_volume_non_negative',
      sql`${t.totalVolumeRub} IS NULL OR ${t.totalVolumeRub} >= 0`,
    ),
    index('client_products_product_idx').on(t.productId),
  ],
);
