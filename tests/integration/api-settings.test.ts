import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/client.ts';
import { apiTokens, auditEvents, webhookSubscriptions } from '#db/schema/index.ts';
import { hashApiToken } from '#app/models/api-tokens.server.ts';
import * as apiTokensPage from '#app/routes/_staff.settings.api-tokens.tsx';
import * as auditCsv from '#app/routes/_staff.settings.audit[.]csv.ts';
import * as auditPage from '#app/routes/_staff.settings.audit.tsx';
import * as webhookList from '#app/routes/_staff.settings.webhooks._index.tsx';
import { createManager, createUnit } from '#tests/factories/reference.ts';
import { createStaffUser, signedInCookie } from '#tests/factories/users.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';
import { callApiJson } from './api-client.ts';

// The admin screens of the integration surface: tokens shown once and stored hashed, revocation
// that takes effect at once, webhook secrets shown once, and the audit log with its filters and a
// CSV export that is itself audited.

type Args = Parameters<typeof apiTokensPage.action>[0];

describe('integration settings and the audit log', () => {
  let db: Database;
  let cookie: string;
  let adminId: string;

  const post = (path: string, fields: Record<string, string | string[]>): Args => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields))
      for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
    return {
      request: new Request(`http://localhost${path}`, { method: 'POST', headers: { Cookie: cookie }, body }),
      params: {},
      context: {},
    };
  };
  const get = (path: string): Args => ({
    request: new Request(`http://localhost${path}`, { headers: { Cookie: cookie } }),
    params: {},
    context: {},
  });
  const unwrap = async <T>(result: T): Promise<Record<string, unknown>> => {
    // data() answers carry their body in .data; plain returns are the body.
    const value = result as { data?: unknown; type?: string };
    return (value?.type === 'DataWithResponseInit' ? value.data : value) as Record<string, unknown>;
  };

  beforeAll(async () => {
    ({ db } = await openTestDatabase());
    const admin = await createStaffUser(db, 'admin');
    adminId = admin.id;
    cookie = await signedInCookie(admin.id);
  });

  it('creates a token shown once, stores only its hash, and revokes it at once', async () => {
    const unit = await createUnit(db);
    await createManager(db, { unitId: unit.id });
    const created = await unwrap(
      await apiTokensPage.action(
        post('/settings/api-tokens', {
          name: 'CRM sync',
          'access.clients': 'write',
          'access.scores': 'read',
          restriction: 'unit',
          unitId: unit.id,
          ratePerMinute: '120',
        }),
      ),
    );
    const token = created.token as string;
    expect(token).toMatch(/^brm_[A-Za-z0-9_-]{43}$/);
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.name, 'CRM sync'));
    expect(row.tokenHash).toBe(hashApiToken(token));
    expect(JSON.stringify(row)).not.toContain(token.slice(4));
    expect(row).toMatchObject({
      permissions: ['clients:read', 'clients:write', 'scores:read'],
      unitId: unit.id,
    });

    const listed = await apiTokensPage.loader(get('/settings/api-tokens'));
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(listed.tokens[0]).toMatchObject({
      name: 'CRM sync',
      tokenPrefix: token.slice(0, 12),
      ratePerMinute: 120,
    });

    expect((await callApiJson('GET', '/api/v1/scores?metric=nps', { token })).status).toBe(200);
    await apiTokensPage.action(post('/settings/api-tokens', { intent: 'revoke', tokenId: row.id }));
    expect((await callApiJson('GET', '/api/v1/scores?metric=nps', { token })).status).toBe(401);

    const actions = (await db.select().from(auditEvents).where(eq(auditEvents.entityId, row.id))).map(
      (event) => event.action,
    );
    expect(actions.sort()).toEqual(['api_token_created', 'api_token_revoked', 'api_token_used']);
  });

  it('names the fields of a refused token form', async () => {
    const refused = await unwrap(
      await apiTokensPage.action(
        post('/settings/api-tokens', { name: '', restriction: 'manager', 'access.waves': 'write' }),
      ),
    );
    expect(refused.fieldErrors).toMatchObject({
      name: 'errors.required',
      managerId: 'errors.required',
      'access.waves': 'integration:errors.areaNeedsWholeCompany',
    });
  });

  it('creates a webhook subscription whose secret is shown once', async () => {
    const created = await unwrap(
      await webhookList.action(
        post('/settings/webhooks', {
          url: 'https://crm.example/barometer',
          events: ['response.completed', 'wave.finished'],
          description: 'CRM',
        }),
      ),
    );
    expect(created.secret).toMatch(/^whsec_/);
    const listed = await webhookList.loader(get('/settings/webhooks'));
    expect(JSON.stringify(listed)).not.toContain(created.secret as string);
    expect(listed.subscriptions[0]).toMatchObject({ url: 'https://crm.example/barometer', pending: 0 });

    const refused = await unwrap(
      await webhookList.action(
        post('/settings/webhooks', { url: 'http://crm.example/plain-http', events: [] }),
      ),
    );
    expect(refused.fieldErrors).toEqual({
      url: 'integration:errors.webhookUrl',
      events: 'integration:errors.noEvents',
    });
    const [subscription] = await db.select().from(webhookSubscriptions);
    await webhookList.action(
      post('/settings/webhooks', { intent: 'pause', subscriptionId: subscription.id }),
    );
    const [paused] = await db.select().from(webhookSubscriptions);
    expect(paused.disabledAt).not.toBeNull();
  });

  it('filters the audit log and exports it as CSV, auditing the export', async () => {
    const all = await auditPage.loader(get('/settings/audit'));
    expect(all.total).toBeGreaterThanOrEqual(4);
    expect(all.options.actions).toEqual(expect.arrayContaining(['api_token_created', 'webhook_created']));

    const webhooks = await auditPage.loader(get('/settings/audit?action=webhook_created'));
    expect(webhooks.rows.map((row) => row.action)).toEqual(['webhook_created']);
    const byActor = await auditPage.loader(get(`/settings/audit?actor=${adminId}&entityType=api_token`));
    expect(byActor.rows.every((row) => row.entityType === 'api_token' && row.actorUserId === adminId)).toBe(
      true,
    );
    const future = await auditPage.loader(get('/settings/audit?from=2999-01-01'));
    expect(future.total).toBe(0);
    const today = new Date(Date.now() + 3 * 3_600_000).toISOString().slice(0, 10);
    const bounded = await auditPage.loader(get(`/settings/audit?from=${today}&to=${today}`));
    expect(bounded.total).toBe(all.total);

    const csv = await auditCsv.loader(get('/settings/audit.csv?action=webhook_created'));
    expect(csv.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('webhook_created');
    const [exported] = await db.select().from(auditEvents).where(eq(auditEvents.entityType, 'audit_log'));
    expect(exported).toMatchObject({ action: 'export', actorUserId: adminId });
    expect(exported.detail).toMatchObject({ format: 'csv', filter: { action: 'webhook_created' }, rows: 1 });
  });
});
