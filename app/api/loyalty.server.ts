import { z } from 'zod';
import { loyaltyReasons, loyaltyStates } from '#db/schema/feed.ts';
import { getI18n } from '#app/i18n/i18n.ts';
import {
  FEED_PAGE_LIMIT,
  FeedCursorError,
  type FeedScope,
  listAtRiskAccounts,
  listSatisfactionFeed,
} from '#app/models/satisfaction-feed.server.ts';
import { actualColumns, importActuals } from '#app/models/targets.server.ts';
import { endpoint } from './endpoint.server.ts';
import { ApiProblem } from './problem.server.ts';
import { tokenActor } from './scope.server.ts';

// The segmentation feed (each client's loyalty state) and the at-risk list, read by the CRM; and
// monthly KPI actuals pushed by the bank's systems, checked and written exactly as the file import.

const accountClasses = ['promoter', 'passive', 'detractor'] as const;

const feedItemSchema = z.object({
  clientId: z.uuid(),
  inn: z.string(),
  name: z.string(),
  waveId: z.uuid(),
  waveName: z.string(),
  loyaltyState: z.enum(loyaltyStates),
  previousState: z.enum(loyaltyStates).nullable(),
  reasons: z.array(z.enum(loyaltyReasons)),
  accountClass: z.enum(accountClasses).nullable(),
  accountNps: z.number().nullable().describe('100·s_a, −100…100'),
  csi: z.number().nullable(),
  csiChange: z.number().nullable(),
  overall: z.number().nullable(),
  respondents: z.number().int(),
  incomeRub: z.number(),
  managerId: z.uuid().nullable(),
  managerName: z.string().nullable(),
  unitId: z.uuid(),
  rulesVersion: z.number().int(),
  computedAt: z.string(),
});

const feedEndpoint = endpoint({
  method: 'GET',
  path: '/loyalty',
  operationId: 'listLoyaltyStates',
  summary: "Each client's loyalty state now (or in one wave), in client-id order by cursor",
  description:
    "A token limited to a unit gets only that unit's clients, so its pages may hold fewer than `limit` items; follow `nextCursor` until it is null.",
  tag: 'Loyalty',
  permission: 'loyalty:read',
  query: z.object({
    waveId: z.uuid({ message: 'errors.unknown' }).optional(),
    cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
    limit: z.coerce
      .number({ message: 'errors.number' })
      .int('errors.integer')
      .min(1)
      .max(FEED_PAGE_LIMIT)
      .default(100),
  }),
  response: z.object({ items: z.array(feedItemSchema), nextCursor: z.string().nullable() }),
  async run({ token, query }) {
    const scope: FeedScope = token.managerId
      ? { kind: 'manager', managerId: token.managerId }
      : { kind: 'all' };
    try {
      const page = await listSatisfactionFeed({
        scope,
        waveId: query.waveId,
        cursor: query.cursor,
        limit: query.limit,
      });
      return {
        items: token.unitId ? page.items.filter((item) => item.unitId === token.unitId) : page.items,
        nextCursor: page.nextCursor,
      };
    } catch (error) {
      if (error instanceof FeedCursorError)
        throw new ApiProblem(400, 'See errors for the fields to correct.', [
          { field: 'query.cursor', message: 'Not a cursor this API gave out.' },
        ]);
      throw error;
    }
  },
});

const atRiskEndpoint = endpoint({
  method: 'GET',
  path: '/loyalty/at-risk',
  operationId: 'listAtRiskAccounts',
  summary: 'Accounts at risk, the largest revenue at risk first',
  tag: 'Loyalty',
  permission: 'loyalty:read',
  response: z.object({
    revenueAtRisk: z.number(),
    accounts: z.array(
      z.object({
        clientId: z.uuid(),
        inn: z.string(),
        name: z.string(),
        income: z.number(),
        managerName: z.string().nullable(),
        accountClass: z.enum(accountClasses).nullable(),
        netScore: z.number().nullable(),
        csi: z.number().nullable(),
        csiChange: z.number().nullable(),
        reasons: z.array(z.enum(loyaltyReasons)),
        openFollowUps: z.number().int(),
        waveName: z.string(),
      }),
    ),
  }),
  async run({ token }) {
    const actor = tokenActor(token);
    const viewer = token.managerId
      ? { ...actor, role: 'manager' as const, managerId: token.managerId }
      : actor;
    const { accounts, revenueAtRisk } = await listAtRiskAccounts({
      viewer,
      filter: token.unitId ? { unit: token.unitId } : {},
    });
    return {
      revenueAtRisk,
      accounts: accounts.map(({ unitNameEn: _en, unitNameRu: _ru, ...account }) => account),
    };
  },
});

export const kpiActualsInputSchema = z.object({
  actuals: z
    .array(
      z.object({
        managerEmail: z.string().trim().min(1, 'errors.required').max(320),
        kpi: z.string().trim().min(1, 'errors.required').max(80).describe('The KPI code'),
        month: z.string().trim().min(1, 'errors.required').max(10).describe('YYYY-MM'),
        value: z.number({ message: 'errors.number' }).finite('errors.number'),
      }),
    )
    .min(1, 'errors.required')
    .max(50_000),
});

const apiFieldOf: Record<(typeof actualColumns)[number], string> = {
  manager_email: 'managerEmail',
  kpi: 'kpi',
  month: 'month',
  value: 'value',
};

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/**
 * Imports monthly KPI actuals through the same checks and the same all-or-nothing transaction as
 * the staff file import (targets.server.ts importActuals): the rows are handed to it as a CSV file.
 */
const importActualsEndpoint = endpoint({
  method: 'POST',
  path: '/kpi-actuals',
  operationId: 'importKpiActuals',
  summary: 'Import monthly KPI actuals; all rows or none',
  description:
    'A month already imported for a manager and KPI is replaced. Each refused row is named in errors.',
  tag: 'KPIs',
  permission: 'kpis:write',
  body: kpiActualsInputSchema,
  response: z.object({ rows: z.number().int(), created: z.number().int(), updated: z.number().int() }),
  async run({ token, body, ipAddress }) {
    const lines = [
      actualColumns.join(','),
      ...body.actuals.map((row) =>
        [row.managerEmail, row.kpi, row.month, String(row.value)].map(csvCell).join(','),
      ),
    ];
    const result = await importActuals({
      file: { name: 'api-kpi-actuals.csv', bytes: new TextEncoder().encode(`${lines.join('\r\n')}\r\n`) },
      viewer: tokenActor(token),
      ipAddress,
    });
    if (result.ok) return { rows: result.rows, created: result.created, updated: result.updated };
    const t = getI18n('en').getFixedT('en', 'performance');
    throw new ApiProblem(
      422,
      'No row was imported; see errors for the rows to correct.',
      result.problems.map((problem) => ({
        // File line 1 is the header, so line n is actuals[n − 2].
        field:
          problem.line && problem.line > 1
            ? `actuals.${problem.line - 2}${problem.column ? `.${apiFieldOf[problem.column]}` : ''}`
            : 'actuals',
        message: t(problem.messageKey, { defaultValue: problem.messageKey }),
      })),
    );
  },
});

export const loyaltyEndpoints = {
  feed: [feedEndpoint],
  atRisk: [atRiskEndpoint],
  kpiActuals: [importActualsEndpoint],
};
