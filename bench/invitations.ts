import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { count, eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { connectPostgres, installConnection } from '#db/client.ts';
import { invitations, mailMessages, surveys, surveyVersions, users, waves } from '#db/schema/index.ts';
import { getTemplate } from '#surveys/templates/index.ts';
import { audienceSchema, launchWave, previewAudience } from '#app/models/waves.server.ts';

// Launch benchmark (issue 3): a wave over a synthetic audience of 100 000 contacts on the PostgreSQL
// server — one invitation, one 'queued' event and three mails (the invitation and two reminders)
// per contact, all in the launch's single transaction. Target: at most 30 s on a 2-core machine.
//
// Environment: BENCH_DATABASE_URL or DATABASE_URL names the server (default
// postgres://postgres@127.0.0.1:5432/barometer_bench); the benchmark always works in a database of
// its own, barometer_bench_invitations, which it creates and drops. BENCH_CONTACTS (100000),
// BENCH_KEEP_DB=1 keeps the database for inspection.

const DATABASE = 'barometer_bench_invitations';
const TARGET_SECONDS = 30;

function serverUrl(): URL {
  return new URL(
    process.env.BENCH_DATABASE_URL ??
      process.env.DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/barometer_bench',
  );
}

function withDatabase(url: URL, name: string): string {
  const copy = new URL(url);
  copy.pathname = `/${name}`;
  return copy.toString();
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function run(): Promise<void> {
  const contactsWanted = Number(process.env.BENCH_CONTACTS ?? 100_000);
  const clientsWanted = Math.ceil(contactsWanted / 5);
  const server = serverUrl();
  const admin = postgres(withDatabase(server, 'postgres'), { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE "${DATABASE}"`);
  const connection = connectPostgres(withDatabase(server, DATABASE), { max: 4 });
  installConnection(connection);
  const { db } = connection;
  try {
    await connection.migrate();
    let started = performance.now();
    // The audience: clients of four sizes across five units and fifty managers, five contacts each,
    // a fifth of them English-speaking; plus 5% of contacts that a wave must exclude (opted out, no
    // e-mail, left), and an earlier wave's 50 000 invitations, outside the frequency caps, for the
    // cap checks to look through.
    await db.execute(sql`INSERT INTO regions (code, name_en, name_ru) VALUES ('RU-MOW', 'Moscow', 'Москва')`);
    await db.execute(sql`
      INSERT INTO units (code, name_en, name_ru, region_code)
      SELECT 'U' || g, 'Branch ' || g, 'Филиал ' || g, 'RU-MOW' FROM generate_series(1, 5) g`);
    await db.execute(sql`
      INSERT INTO managers (full_name, email, unit_id)
      SELECT 'Manager ' || g, 'manager' || g || '@bench.test', (SELECT id FROM units ORDER BY code OFFSET (g % 5) LIMIT 1)
      FROM generate_series(1, 50) g`);
    await db.execute(sql`
      WITH unit_list AS (SELECT array_agg(id ORDER BY code) AS ids FROM units),
           manager_list AS (SELECT array_agg(id ORDER BY email) AS ids FROM managers)
      INSERT INTO clients (name, inn, okved2, industry_section, region_code, unit_id, registered_on,
                           revenue_rub, headcount, size_segment, manager_id)
      SELECT 'ООО Клиент ' || g, lpad(g::text, 10, '0'), '46.90', 'G', 'RU-MOW',
             unit_list.ids[1 + g % 5], DATE '2015-01-01' + (g % 3000),
             (g % 4 + 1) * 100000000, (g % 4 + 1) * 40,
             (ARRAY['micro', 'small', 'medium', 'large'])[1 + g % 4],
             CASE WHEN g % 3 = 0 THEN NULL ELSE manager_list.ids[1 + g % 50] END
      FROM generate_series(1, ${clientsWanted}::int) g, unit_list, manager_list`);
    await db.execute(sql`
      WITH numbered AS (SELECT id, row_number() OVER (ORDER BY inn) AS n FROM clients)
      INSERT INTO contacts (client_id, full_name, email, role, language)
      SELECT numbered.id, 'Контакт ' || numbered.n || '-' || k, 'c' || numbered.n || '.' || k || '@client.test',
             (ARRAY['decision_maker', 'influencer', 'user', 'finance', 'other'])[k],
             CASE WHEN (numbered.n + k) % 5 = 0 THEN 'en' ELSE 'ru' END
      FROM numbered, generate_series(1, 5) k
      LIMIT ${contactsWanted}::int`);
    await db.execute(sql`
      INSERT INTO contacts (client_id, full_name, email, role, opted_out_at, left_company)
      SELECT id, 'Исключённый ' || inn, CASE WHEN inn::bigint % 3 = 1 THEN NULL ELSE inn || '@gone.test' END,
             'user', CASE WHEN inn::bigint % 3 = 0 THEN now() END, inn::bigint % 3 = 2
      FROM clients WHERE inn::bigint % 4 = 0`);

    const template = getTemplate('banking-relationship')!;
    const [survey] = await db
      .insert(surveys)
      .values({ key: template.key, titleEn: template.titleEn, titleRu: template.titleRu })
      .returning();
    const [version] = await db
      .insert(surveyVersions)
      .values({ surveyId: survey.id, version: 1, definition: template.definition })
      .returning();
    const [earlier] = await db
      .insert(waves)
      .values({ name: 'Earlier wave', surveyVersionId: version.id, status: 'closed' })
      .returning();
    await db.execute(sql`
      INSERT INTO invitations (wave_id, contact_id, client_id, token_hash, language, status, sent_at, created_at)
      SELECT ${earlier.id}::uuid, id, client_id, md5(id::text) || md5(client_id::text), language, 'sent',
             now() - interval '200 days', now() - interval '200 days'
      FROM contacts WHERE email LIKE 'c%' LIMIT 50000`);
    await db.execute(sql`ANALYZE`);
    const [actor] = await db
      .insert(users)
      .values({ email: 'bench@bench.test', fullName: 'Bench', role: 'marketing', passwordHash: 'x' })
      .returning();
    const day = 24 * 60 * 60 * 1000;
    const [wave] = await db
      .insert(waves)
      .values({
        name: 'Benchmark wave',
        surveyVersionId: version.id,
        audience: {},
        sendFrom: new Date(Date.now() + day),
        sendUntil: new Date(Date.now() + 15 * day),
        expiresAt: new Date(Date.now() + 22 * day),
        reminderAfterDays: 5,
        reminderMax: 2,
      })
      .returning();
    console.log(`invitations: synthetic audience ready in ${seconds(performance.now() - started)}`);

    started = performance.now();
    const preview = await previewAudience({ audience: audienceSchema.parse(wave.audience) });
    console.log(
      `invitations: audience preview ${seconds(performance.now() - started)} — ${preview.contacts} contacts at ${preview.clients} clients, ${preview.matchedContacts - preview.contacts} excluded`,
    );

    const cpuBefore = process.cpuUsage();
    started = performance.now();
    const result = await launchWave({ id: wave.id, actor: { id: actor.id }, ipAddress: 'bench' });
    const elapsed = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);

    const [{ n: stored }] = await db
      .select({ n: count() })
      .from(invitations)
      .where(eq(invitations.waveId, wave.id));
    const [{ n: mail }] = await db.select({ n: count() }).from(mailMessages);
    const verdict = elapsed / 1000 <= TARGET_SECONDS ? 'within' : 'OVER';
    console.log(
      `invitations: launched ${result.invitations} invitations (${stored} stored) and ${result.mailMessages} mail messages (${mail} stored) in ${seconds(elapsed)} — ${Math.round(result.invitations / (elapsed / 1000))} invitations/s, ${verdict} the ${TARGET_SECONDS} s target (this process used ${seconds((cpu.user + cpu.system) / 1000)} of CPU; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)`,
    );
  } finally {
    await connection.close();
    if (process.env.BENCH_KEEP_DB !== '1')
      await admin.unsafe(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
    await admin.end();
  }
}
