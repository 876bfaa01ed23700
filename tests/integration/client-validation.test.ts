import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, clients, managerAssignments } from '#db/schema/index.ts';
import * as newClientRoute from '#app/routes/_staff.clients.new.tsx';
import { createClient, nextInn } from '#tests/factories/clients.ts';
import { createRegion, createUnit } from '#tests/factories/reference.ts';
import { createStaffUser, signedInCookie } from '#tests/factories/users.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

describe('adding a client', () => {
  let cookie: string;
  let valid: Record<string, string>;

  beforeAll(async () => {
    const { db } = await openTestDatabase();
    const region = await createRegion(db);
    const unit = await createUnit(db);
    const marketing = await createStaffUser(db, 'marketing');
    cookie = await signedInCookie(marketing.id);
    valid = {
      name: 'ООО «Уральские трубы»',
      inn: nextInn(),
      okved2: '24.20',
      registeredOn: '2011-05-17',
      revenueRub: '1500000000',
      headcount: '320',
      regionCode: region.code,
      unitId: unit.id,
    };
  });

  async function submit(fields: Record<string, string>) {
    const request = new Request('http://localhost/clients/new', {
      method: 'POST',
      headers: { Cookie: cookie },
      body: new URLSearchParams(fields),
    });
    try {
      const result = await newClientRoute.action({ request, params: {}, context: {} });
      return { status: 200, body: result as unknown };
    } catch (thrown) {
      if (thrown instanceof Response)
        return { status: thrown.status, location: thrown.headers.get('Location') };
      throw thrown;
    }
  }

  async function rowCounts() {
    const { db } = await openTestDatabase();
    const [[c], [a], [e]] = await Promise.all([
      db.select({ n: count() }).from(clients),
      db.select({ n: count() }).from(managerAssignments),
      db.select({ n: count() }).from(auditEvents),
    ]);
    return { clients: c.n, assignments: a.n, audit: e.n };
  }

  function fieldErrors(outcome: { body?: unknown }): Record<string, string> {
    const body = outcome.body as { data: { fieldErrors: Record<string, string> }; init: { status: number } };
    expect(body.init.status).toBe(400);
    return body.data.fieldErrors;
  }

  it('refuses an INN with a wrong check digit, naming the field, and writes nothing', async () => {
    const before = await rowCounts();
    const broken = `${valid.inn.slice(0, 9)}${(Number(valid.inn[9]) + 1) % 10}`;
    const outcome = await submit({ ...valid, inn: broken });
    expect(fieldErrors(outcome)).toEqual({ inn: 'errors.inn' });
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a negative revenue, naming the field, and writes nothing', async () => {
    const before = await rowCounts();
    const outcome = await submit({ ...valid, revenueRub: '-5' });
    expect(fieldErrors(outcome)).toEqual({ revenueRub: 'errors.negative' });
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a malformed OKVED2 code and a date that is not a date', async () => {
    const outcome = await submit({ ...valid, okved2: '4690', registeredOn: '17.05.2011' });
    expect(fieldErrors(outcome)).toEqual({ okved2: 'errors.okved2', registeredOn: 'errors.date' });
  });

  it('refuses a name with a NUL character, naming the field, instead of failing the write', async () => {
    const before = await rowCounts();
    const outcome = await submit({ ...valid, inn: nextInn(), name: 'ООО «Трубы\u0000»' });
    expect(fieldErrors(outcome)).toEqual({ name: 'errors.unstorableText' });
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a duplicate INN, naming the field, and writes nothing', async () => {
    const { db } = await openTestDatabase();
    const existing = await createClient(db, { regionCode: valid.regionCode, unitId: valid.unitId });
    const before = await rowCounts();
    const outcome = await submit({ ...valid, inn: existing.inn });
    expect(fieldErrors(outcome)).toEqual({ inn: 'errors.innTaken' });
    expect(await rowCounts()).toEqual(before);
  });

  it('adds a valid client with its size, section, first assignment and an audit record', async () => {
    const before = await rowCounts();
    const outcome = await submit(valid);
    expect(outcome.status).toBe(302);
    const { db } = await openTestDatabase();
    const [created] = await db.select().from(clients).where(eq(clients.inn, valid.inn));
    expect(outcome.location).toBe(`/clients/${created.id}`);
    expect(created).toMatchObject({ sizeSegment: 'large', industrySection: 'C' });
    expect(await rowCounts()).toEqual({
      clients: before.clients + 1,
      assignments: before.assignments + 1,
      audit: before.audit + 1,
    });
  });

  it('is refused by the database itself when the application is bypassed', async () => {
    const { db } = await openTestDatabase();
    await expect(
      createClient(db, { regionCode: valid.regionCode, unitId: valid.unitId, inn: '1234567890x' }),
    ).rejects.toThrow();
    await expect(
      createClient(db, { regionCode: valid.regionCode, unitId: valid.unitId, revenueRub: '-1' }),
    ).rejects.toThrow();
  });
});
