import { z } from 'zod';
import { type AnalyticsFilter, aggregateMetric, type Dimension } from '#analytics/aggregations/index.ts';
import { getDb } from '#db/client.ts';
import { contactRoles, industrySectionLetters, sizeSegments } from '#db/schema/domain.ts';
import { endpoint } from './endpoint.server.ts';
import { tokenAnalyticsFilter } from './scope.server.ts';

// Scores as the dashboards compute them: the same engine (aggregateMetric over score facts and
// rollups), the same suppression and low-base thresholds from the settings. A suppressed cell
// carries neither value, interval nor exact n, here as on every screen and in every export.

const metrics = ['nps', 'csat', 'ces', 'csi', 'overall', 'attribute', 'importance'] as const;
const dimensions = [
  'wave',
  'size',
  'section',
  'region',
  'unit',
  'manager',
  'product',
  'attribute',
  'group',
  'contactRole',
  'vip',
] as const satisfies readonly Dimension[];

/** A repeatable query parameter: `?size=small&size=medium` (one value arrives as a string). */
const listParam = <T extends z.ZodType>(item: T) =>
  z
    .union([item, z.array(item)])
    .transform((value) => (Array.isArray(value) ? value : [value]) as z.output<T>[])
    .optional();

const uuidItem = z.uuid({ message: 'errors.unknown' });

export const scoresQuerySchema = z
  .object({
    metric: z.enum(metrics, { message: 'errors.unknown' }),
    by: listParam(z.enum(dimensions, { message: 'errors.unknown' })).describe('Up to two dimensions'),
    waveId: listParam(uuidItem),
    size: listParam(z.enum(sizeSegments, { message: 'errors.unknown' })),
    section: listParam(z.enum(industrySectionLetters, { message: 'errors.unknown' })),
    region: listParam(z.string().min(1).max(20)),
    unitId: listParam(uuidItem),
    managerId: listParam(uuidItem),
    productId: listParam(uuidItem),
    groupId: listParam(uuidItem),
    contactRole: listParam(z.enum(contactRoles, { message: 'errors.unknown' })),
    attribute: listParam(z.string().min(1).max(60)),
    vip: z.enum(['true', 'false'], { message: 'errors.unknown' }).optional(),
  })
  .superRefine((query, context) => {
    const by = query.by ?? [];
    if (by.length > 2)
      context.addIssue({ code: 'custom', path: ['by'], message: 'integration:errors.twoDimensions' });
    if (new Set(by).size !== by.length)
      context.addIssue({ code: 'custom', path: ['by'], message: 'integration:errors.repeatedDimension' });
  });

const cellSchema = z.object({
  keys: z.record(z.string(), z.string().nullable()),
  n: z.number().int().nullable().describe('null when suppressed'),
  value: z.number().nullable(),
  ci95: z.tuple([z.number(), z.number()]).nullable(),
  suppressed: z.boolean(),
  lowBase: z.boolean(),
});

const scoresEndpoint = endpoint({
  method: 'GET',
  path: '/scores',
  operationId: 'getScores',
  summary: 'A metric by up to two dimensions, with n, 95% interval and suppression',
  description:
    'nps −100…100; csat and csi 0…100; ces, overall, attribute and importance on their item scales. Cells with fewer answers than the suppression threshold (setting, default 5) come back with suppressed: true and no figures.',
  tag: 'Scores',
  permission: 'scores:read',
  query: scoresQuerySchema,
  response: z.object({
    metric: z.enum(metrics),
    by: z.array(z.enum(dimensions)),
    cells: z.array(cellSchema),
  }),
  async run({ token, query }) {
    const filter: AnalyticsFilter = {
      waveIds: query.waveId,
      sizes: query.size,
      sections: query.section,
      regions: query.region,
      unitIds: query.unitId,
      managerIds: query.managerId,
      productIds: query.productId,
      groupIds: query.groupId,
      contactRoles: query.contactRole,
      attributes: query.attribute,
      vip: query.vip === undefined ? undefined : query.vip === 'true',
      // A restricted token's figures are its unit's or portfolio's, whatever the query asks for.
      ...tokenAnalyticsFilter(token),
    };
    const by = query.by ?? [];
    const cells = await aggregateMetric(getDb(), { metric: query.metric, by, filter });
    return {
      metric: query.metric,
      by,
      cells: cells.map((cell) =>
        cell.suppressed
          ? { keys: cell.keys, n: null, value: null, ci95: null, suppressed: true, lowBase: true }
          : {
              keys: cell.keys,
              n: cell.n,
              value: cell.value,
              ci95: cell.ci95 ? ([cell.ci95[0], cell.ci95[1]] as [number, number]) : null,
              suppressed: false,
              lowBase: cell.lowBase,
            },
      ),
    };
  },
});

export const scoreEndpoints = { scores: [scoresEndpoint] };
