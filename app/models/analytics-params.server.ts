import { z } from 'zod';
import { contactRoles, industrySectionLetters, sizeSegments } from '#db/schema/domain.ts';
import {
  type AnalyticsParams,
  accountClasses,
  heatmapMetricKeys,
  importanceKinds,
  overviewDimensions,
} from './analytics-params.ts';

// Parsing of the analytics URL, on the server only (it keeps zod out of the browser bundle).

const uuid = z.string().uuid();
const keep =
  <T>(schema: z.ZodType<T>) =>
  (values: string[]) =>
    values.flatMap((value) => {
      const parsed = schema.safeParse(value);
      return parsed.success ? [parsed.data] : [];
    });
const oneOf = <const T extends readonly string[]>(values: T, fallback: T[number]) =>
  z.enum(values).catch(fallback);

const pageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

/** Reads the dashboard parameters; unknown or malformed values are dropped, never an error. */
export function parseAnalyticsParams(search: URLSearchParams): AnalyticsParams {
  const all = (name: string) => search.getAll(name).filter((value) => value !== '');
  const wave = search.get('wave');
  const vip = search.get('vip');
  const q = search.get('q')?.trim();
  const attribute = search.get('attribute');
  const accountClass = z.enum(accountClasses).safeParse(search.get('class'));
  return {
    wave: wave === 'all' || uuid.safeParse(wave).success ? wave : null,
    sizes: keep(z.enum(sizeSegments))(all('size')),
    sections: keep(z.enum(industrySectionLetters))(all('section')),
    regions: keep(z.string().max(32))(all('region')),
    units: keep(uuid)(all('unit')),
    managers: keep(uuid)(all('manager')),
    products: keep(uuid)(all('product')),
    groups: keep(uuid)(all('group')),
    roles: keep(z.enum(contactRoles))(all('role')),
    vip: vip === 'yes' ? true : vip === 'no' ? false : null,
    metric: oneOf(heatmapMetricKeys, 'nps').parse(search.get('metric') ?? undefined),
    attribute: attribute && /^[a-z][a-z0-9_]{0,62}$/.test(attribute) ? attribute : null,
    by: oneOf(overviewDimensions, 'size').parse(search.get('by') ?? undefined),
    importance: oneOf(importanceKinds, 'derived').parse(search.get('importance') ?? undefined),
    accountClass: accountClass.success ? accountClass.data : null,
    q: q ? q.slice(0, 200) : null,
    page: pageSchema.parse(search.get('page') ?? undefined),
  };
}
