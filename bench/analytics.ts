import { type SQL, sql } from 'drizzle-orm';
import postgres from 'postgres';
import {
  aggregateMetric,
  attributeImportance,
  rebuildRollups,
  type StatisticsSource,
  type Thresholds,
} from '#analytics/aggregations/index.ts';
import { connectPostgres, type Database, type Executor } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import { surveys, surveyVersions } from '#db/schema/index.ts';
import { getTemplate } from '#surveys/templates/index.ts';

// Analytics benchmark (issue 4): 100 000 and then 1 000 000 completed responses of about 20 score
// facts each, generated in SQL on the PostgreSQL server, rollups rebuilt, then the p50 of the
// overview (NPS, CSAT, CES, CSI, overall and by wave), heatmap (NPS by size × product) and
// importance–performance loaders together, against one full scan of score_facts as the yardstick.
// Targets: p50 ≤ 300 ms at 1 M, ≤ 0.25 × the yardstick, ≤ 2 × the 100 k time.
//
// Environment: BENCH_DATABASE_URL (a PostgreSQL server URL; default
// postgres://postgres@127.0.0.1:5432/postgres), ANALYTICS_SIZES (default "100000,1000000"),
// ANALYTICS_RUNS (10).

const DATABASE = 'barometer_bench_analytics';
const WAVES = 12;
const RESPONSES_PER_CLIENT = 25;
const CONTACTS_PER_CLIENT = 3;
const THRESHOLDS: Thresholds = { suppressBelow: 5, lowBaseBelow: 30 };
const TARGET_P50_MS = 300;
const TARGET_YARDSTICK_SHARE = 0.25;
const TARGET_GROWTH = 2;

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function ensureDatabase(serverUrl: string): Promise<string> {
  const admin = postgres(databaseUrl(serverUrl, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    const [existing] = await admin`SELECT 1 FROM pg_database WHERE datname = ${DATABASE}`;
    if (!existing) await admin.unsafe(`CREATE DATABASE "${DATABASE}"`);
  } finally {
    await admin.end();
  }
  return databaseUrl(serverUrl, DATABASE);
}

/** Deterministic uuids from (table, number), so generated rows can refer to each other in SQL. */
const benchUuid = (kind: number, n: SQL) =>
  sql`(lpad(to_hex(${kind}::int), 8, '0') || '-0000-4000-8000-' || lpad(to_hex((${n})::bigint), 12, '0'))::uuid`;

/** A per-row pseudo-random number in [0, 1) from text, stable across statements (unlike random()). */
const unitHash = (text: SQL) => sql`((hashtext(${text})::bigint + 2147483648) / 4294967296.0)`;

/**
 * Generates `responses` completed responses in SQL: clients (one per 25 responses, as a bank whose
 * clients answer about twice a wave over twelve waves), three contacts each, 1–2 products, a
 * holding for 5% of clients, and per response the industrial survey's 14 relationship-level
 * answers (5% skipped) plus four product-matrix answers per product used — about 20 facts.
 * Foreign-key triggers are off for the bulk load: the rows are consistent by construction.
 */
async function generate(db: Executor, responses: number): Promise<void> {
  const clients = Math.ceil(responses / RESPONSES_PER_CLIENT);
  const groups = Math.max(1, Math.floor(clients / 100));
  await db.execute(sql`TRUNCATE regions, units, managers, client_groups, products, surveys, clients CASCADE`);
  await db.execute(sql`SET LOCAL session_replication_role = replica`);
  await db.execute(sql`SELECT setseed(0.42)`);
  await db.execute(sql`
    INSERT INTO regions (code, name_en, name_ru)
    SELECT 'RU-B' || g, 'Region ' || g, 'Регион ' || g FROM generate_series(1, 30) g`);
  await db.execute(sql`
    INSERT INTO units (id, code, name_en, name_ru, region_code)
    SELECT ${benchUuid(1, sql`g`)}, 'bench-unit-' || g, 'Branch ' || g, 'Филиал ' || g, 'RU-B' || g
    FROM generate_series(1, 30) g`);
  await db.execute(sql`
    INSERT INTO managers (id, full_name, email, unit_id)
    SELECT ${benchUuid(2, sql`g`)}, 'Manager ' || g, 'manager' || g || '@bench.test', ${benchUuid(1, sql`1 + g % 30`)}
    FROM generate_series(1, 300) g`);
  await db.execute(sql`
    INSERT INTO client_groups (id, name)
    SELECT ${benchUuid(3, sql`g`)}, 'Holding ' || g FROM generate_series(1, ${groups}::int) g`);
  await db.execute(sql`
    INSERT INTO products (id, code, name_en, name_ru)
    SELECT ${benchUuid(4, sql`g`)}, 'product_' || g, 'Product ' || g, 'Продукт ' || g FROM generate_series(1, 12) g`);
  const template = getTemplate('industrial-relationship')!;
  const [survey] = await db
    .insert(surveys)
    .values({ key: 'bench-industrial', titleEn: template.titleEn, titleRu: template.titleRu })
    .returning();
  const [version] = await db
    .insert(surveyVersions)
    .values({ surveyId: survey.id, version: 1, definition: template.definition, frozenAt: new Date() })
    .returning();
  await db.execute(sql`
    INSERT INTO waves (id, name, survey_version_id, status)
    SELECT ${benchUuid(5, sql`g`)}, 'Wave ' || g, ${version.id}, 'closed' FROM generate_series(1, ${WAVES}::int) g`);
  await db.execute(sql`
    INSERT INTO clients (id, name, inn, okved2, industry_section, region_code, unit_id, registered_on,
      revenue_rub, headcount, size_segment, group_id, manager_id, vip_criteria)
    SELECT ${benchUuid(6, sql`k`)}, 'Client ' || k, lpad(k::text, 10, '0'), industry.okved, industry.section,
      'RU-B' || (1 + k % 30), ${benchUuid(1, sql`1 + k % 30`)}, date '2015-01-01', 100000000, 50,
      CASE WHEN size_draw < 0.3 THEN 'micro' WHEN size_draw < 0.7 THEN 'small'
           WHEN size_draw < 0.9 THEN 'medium' ELSE 'large' END,
      CASE WHEN k % 20 = 0 THEN ${benchUuid(3, sql`1 + (k / 20) % ${groups}::int`)} END,
      CASE WHEN k % 7 <> 0 THEN ${benchUuid(2, sql`1 + (k * 13) % 300`)} END,
      CASE WHEN k % 10 = 0 THEN ARRAY['growth_industry'] ELSE '{}'::text[] END
    FROM generate_series(0, ${clients - 1}::int) k
    CROSS JOIN LATERAL (SELECT ${unitHash(sql`'size' || k`)} AS size_draw) s
    CROSS JOIN LATERAL (
      SELECT (ARRAY['01.11','10.11','25.62','41.20','46.90','49.41','55.10','62.01','64.19','71.12'])[1 + (k * 31) % 10] AS okved,
             (ARRAY['A','C','C','F','G','H','I','J','K','M'])[1 + (k * 31) % 10] AS section
    ) industry`);
  await db.execute(sql`
    INSERT INTO client_products (client_id, product_id, income_rub)
    SELECT ${benchUuid(6, sql`k`)}, ${benchUuid(4, sql`1 + (k + slot * 5) % 12`)}, round((random() * 5000000)::numeric, 2)
    FROM generate_series(0, ${clients - 1}::int) k, generate_series(0, 1) slot
    WHERE slot = 0 OR k % 2 = 0`);
  await db.execute(sql`
    INSERT INTO contacts (id, client_id, full_name, email, role)
    SELECT ${benchUuid(7, sql`c`)}, ${benchUuid(6, sql`c / ${CONTACTS_PER_CLIENT}::int`)}, 'Contact ' || c,
      'contact' || c || '@bench.test',
      (ARRAY['decision_maker','influencer','user','finance','other'])[1 + c % 5]
    FROM generate_series(0, ${clients * CONTACTS_PER_CLIENT - 1}::int) c`);
  // Response i goes to wave 1 + i % 12 and to a contact that no other response of that wave has.
  await db.execute(sql`
    CREATE TEMP TABLE bench_plan ON COMMIT DROP AS
    SELECT i, 1 + i % ${WAVES}::int AS wave,
      ((i / ${WAVES}::int) + (1 + i % ${WAVES}::int) * 7919) % ${clients * CONTACTS_PER_CLIENT}::int AS contact
    FROM generate_series(0, ${responses - 1}::int) i`);
  await db.execute(sql`
    INSERT INTO invitations (id, wave_id, contact_id, client_id, token_hash, status, language, completed_at)
    SELECT ${benchUuid(8, sql`i`)}, ${benchUuid(5, sql`wave`)}, ${benchUuid(7, sql`contact`)},
      ${benchUuid(6, sql`contact / ${CONTACTS_PER_CLIENT}::int`)}, 'bench-' || i, 'completed', 'ru',
      timestamptz '2024-01-01' + wave * interval '1 month'
    FROM bench_plan`);
  await db.execute(sql`
    INSERT INTO responses (id, invitation_id, wave_id, survey_version_id, client_id, contact_id, status, language,
      completed_at, size_segment, industry_section, region_code, unit_id, manager_id, client_group_id,
      contact_role, is_vip, product_ids)
    SELECT ${benchUuid(9, sql`p.i`)}, ${benchUuid(8, sql`p.i`)}, ${benchUuid(5, sql`p.wave`)}, ${version.id},
      c.id, ct.id, 'completed', 'ru', timestamptz '2024-01-01' + p.wave * interval '1 month',
      c.size_segment, c.industry_section, c.region_code, c.unit_id, c.manager_id, c.group_id, ct.role,
      cardinality(c.vip_criteria) > 0,
      ARRAY(SELECT cp.product_id FROM client_products cp WHERE cp.client_id = c.id ORDER BY cp.product_id)
    FROM bench_plan p
    JOIN contacts ct ON ct.id = ${benchUuid(7, sql`p.contact`)}
    JOIN clients c ON c.id = ct.client_id`);
  // Answers lean on a per-respondent mood, so attributes, overall and LTR correlate as real ones do.
  await db.execute(sql`
    INSERT INTO score_facts (response_id, wave_id, metric, attribute, product_id, value, question)
    SELECT r.id, r.wave_id, q.metric, q.attribute, NULL,
      q.min + round((q.max - q.min) * (0.3 + 0.7 * (0.6 * ${unitHash(sql`r.id::text`)} + 0.4 * random()))),
      q.question
    FROM responses r
    CROSS JOIN (VALUES
      ('nps', NULL, 'ltr', 0, 10), ('overall', NULL, 'overall', 1, 5),
      ('attribute', 'quality', 'sat_quality', 1, 5), ('attribute', 'delivery', 'sat_delivery', 1, 5),
      ('attribute', 'price', 'sat_price', 1, 5), ('attribute', 'support', 'sat_support', 1, 5),
      ('attribute', 'documents', 'sat_documents', 1, 5), ('attribute', 'manager', 'sat_manager', 1, 5),
      ('importance', 'quality', 'imp_quality', 1, 5), ('importance', 'delivery', 'imp_delivery', 1, 5),
      ('importance', 'price', 'imp_price', 1, 5), ('importance', 'support', 'imp_support', 1, 5),
      ('importance', 'documents', 'imp_documents', 1, 5), ('importance', 'manager', 'imp_manager', 1, 5)
    ) AS q(metric, attribute, question, min, max)
    WHERE q.attribute IS NULL OR ${unitHash(sql`r.id::text || q.question`)} >= 0.05`);
  await db.execute(sql`
    INSERT INTO score_facts (response_id, wave_id, metric, attribute, product_id, value, question)
    SELECT r.id, r.wave_id, 'attribute', columns.attribute, used.product_id,
      1 + round(4 * (0.3 + 0.7 * (0.6 * ${unitHash(sql`r.id::text`)} + 0.4 * random()))), 'product_sat'
    FROM responses r
    CROSS JOIN LATERAL unnest(r.product_ids) AS used(product_id)
    CROSS JOIN (VALUES ('quality'), ('delivery'), ('price'), ('support')) AS columns(attribute)`);
}

async function timed<T>(work: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The three dashboards' analytics calls, each loader's queries in parallel as a page issues them. */
function loaders(db: Database, source: StatisticsSource) {
  const options = { thresholds: THRESHOLDS, source };
  return {
    overview: () =>
      Promise.all(
        (['nps', 'csat', 'ces', 'csi'] as const).flatMap((metric) => [
          aggregateMetric(db, { metric, by: [], ...options }),
          aggregateMetric(db, { metric, by: ['wave'], ...options }),
        ]),
      ),
    heatmap: () => aggregateMetric(db, { metric: 'nps', by: ['size', 'product'], ...options }),
    ipa: () => attributeImportance(db, options),
  };
}

interface Measurement {
  responses: number;
  facts: number;
  p50: number;
  parts: Record<string, number>;
  yardstick: number;
}

async function measure(db: Database, responses: number, runs: number): Promise<Measurement> {
  const generation = await timed(() => db.transaction((tx) => generate(tx, responses)));
  const rebuild = await timed(() => rebuildRollups(db));
  await db.execute(sql`VACUUM ANALYZE`);
  const [counts] = await selectRows<{ facts: number; score_rows: number; moment_rows: number }>(
    db,
    sql`SELECT (SELECT count(*) FROM score_facts)::float8 AS facts,
          (SELECT count(*) FROM score_rollups)::float8 AS score_rows,
          (SELECT count(*) FROM attribute_moment_rollups)::float8 AS moment_rows`,
  );
  console.log(
    `  ${responses.toLocaleString('en')} responses, ${counts.facts.toLocaleString('en')} facts: generated in ` +
      `${(generation / 1000).toFixed(1)} s, rollups rebuilt in ${(rebuild / 1000).toFixed(1)} s ` +
      `(${counts.score_rows.toLocaleString('en')} score rows, ${counts.moment_rows.toLocaleString('en')} moment rows)`,
  );

  const { overview, heatmap, ipa } = loaders(db, 'auto');
  const parts: Record<string, number[]> = { overview: [], heatmap: [], ipa: [] };
  const totals: number[] = [];
  await overview(); // warm the connections and the scale cache
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    parts.overview.push(await timed(overview));
    parts.heatmap.push(await timed(heatmap));
    parts.ipa.push(await timed(ipa));
    totals.push(performance.now() - started);
  }
  const yardsticks: number[] = [];
  for (let run = 0; run < Math.min(runs, 5); run += 1) {
    yardsticks.push(await timed(() => db.execute(sql`SELECT count(*), avg(value) FROM score_facts`)));
  }
  const measurement = {
    responses,
    facts: counts.facts,
    p50: median(totals),
    parts: Object.fromEntries(Object.entries(parts).map(([name, values]) => [name, median(values)])),
    yardstick: median(yardsticks),
  };
  console.log(
    `  p50 overview + heatmap + IPA: ${measurement.p50.toFixed(1)} ms ` +
      `(overview ${measurement.parts.overview.toFixed(1)}, heatmap ${measurement.parts.heatmap.toFixed(1)}, ` +
      `IPA ${measurement.parts.ipa.toFixed(1)}); yardstick count(*), avg(value): ${measurement.yardstick.toFixed(1)} ms; ` +
      `ratio ${(measurement.p50 / measurement.yardstick).toFixed(3)}`,
  );
  if (responses <= 100_000) {
    const facts = loaders(db, 'facts');
    const fromFacts = await timed(async () => {
      await facts.overview();
      await facts.heatmap();
      await facts.ipa();
    });
    console.log(`  the same loaders on score_facts alone (no rollups), one run: ${fromFacts.toFixed(0)} ms`);
  }
  return measurement;
}

export async function run(): Promise<void> {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const sizes = (process.env.ANALYTICS_SIZES ?? '100000,1000000').split(',').map(Number);
  const runs = Number(process.env.ANALYTICS_RUNS ?? 10);
  const url = await ensureDatabase(serverUrl);
  const connection = connectPostgres(url, { max: 10 });
  try {
    await connection.migrate();
    const results: Measurement[] = [];
    for (const responses of sizes) results.push(await measure(connection.db, responses, runs));
    const largest = results[results.length - 1];
    const smallest = results[0];
    const growth = largest.p50 / smallest.p50;
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    console.log(
      `\n  at ${largest.responses.toLocaleString('en')}: p50 ${largest.p50.toFixed(1)} ms ` +
        `(target ≤ ${TARGET_P50_MS}: ${verdict(largest.p50 <= TARGET_P50_MS)}), ` +
        `${(largest.p50 / largest.yardstick).toFixed(3)} × yardstick ` +
        `(target ≤ ${TARGET_YARDSTICK_SHARE}: ${verdict(largest.p50 <= TARGET_YARDSTICK_SHARE * largest.yardstick)})` +
        (results.length > 1
          ? `, ${growth.toFixed(2)} × the ${smallest.responses.toLocaleString('en')} time ` +
            `(target ≤ ${TARGET_GROWTH}: ${verdict(growth <= TARGET_GROWTH)})`
          : ''),
    );
  } finally {
    await connection.close();
  }
}
