import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { asc, eq, inArray } from 'drizzle-orm';
import postgres from 'postgres';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectPostgres, type Database } from '#db/client.ts';
import { contacts, invitationEvents, invitations, mailMessages, settings } from '#db/schema/index.ts';
import { mailRateSettingKey, messageIdFor, sendDueMail, startMailSender } from '#app/mail/sender.server.ts';
import {
  createSmtpTransport,
  type MailTransport,
  createOutboxTransport,
} from '#app/mail/transport.server.ts';
import { createInvitedContact, createInvitedContacts, createMailWave } from '#tests/factories/mail.ts';
import { serverUrl, uniqueDatabaseName, withDatabase } from '#tests/setup/database-target.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';
import { type SmtpCatcher, type SmtpCatcherOptions, startSmtpCatcher } from '#tests/support/smtp-catcher.ts';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const t0 = new Date('2030-03-04T09:00:00Z');
const dueAt = new Date(t0.getTime() - 60_000);
const later = (ms: number) => new Date(t0.getTime() + ms);
const unlimited = 1_000_000;

let db: Database;
const cleanups: Array<() => Promise<void> | void> = [];

/** An SMTP server for this test and a nodemailer transport pointed at it; both closed afterwards. */
async function smtp(
  options: SmtpCatcherOptions = {},
): Promise<{ catcher: SmtpCatcher; transport: MailTransport }> {
  const catcher = await startSmtpCatcher(options);
  const transport = createSmtpTransport(catcher.url, 'Barometer <survey@barometer.test>');
  cleanups.push(
    () => catcher.close(),
    () => transport.close(),
  );
  return { catcher, transport };
}

const mailRow = async (id: string) =>
  (await db.select().from(mailMessages).where(eq(mailMessages.id, id)))[0];
const invitationRow = async (id: string) =>
  (await db.select().from(invitations).where(eq(invitations.id, id)))[0];
const eventsOf = (invitationId: string) =>
  db
    .select({ status: invitationEvents.status, detail: invitationEvents.detail })
    .from(invitationEvents)
    .where(eq(invitationEvents.invitationId, invitationId))
    .orderBy(asc(invitationEvents.id));

beforeAll(async () => {
  ({ db } = await openTestDatabase());
});

beforeEach(async () => {
  // Each test sees only its own queue: the sender claims whatever is due in the database.
  await db.delete(mailMessages);
});

afterEach(async () => {
  // Transports before servers: the server waits for open client connections when it closes.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the mail sender', () => {
  it('delivers due invitations over SMTP, marks them sent and moves the invitations to sent', async () => {
    const { catcher, transport } = await smtp();
    const { invited } = await createInvitedContacts(db, 3, { sendAt: dueAt });

    const outcome = await sendDueMail({ transport, now: t0, ratePerMinute: unlimited });

    expect(outcome).toMatchObject({ claimed: 3, sent: 3, retried: 0, failed: 0, bounced: 0 });
    expect(catcher.messages).toHaveLength(3);
    for (const { invitation, invitationMail, token, contact } of invited) {
      const delivered = catcher.messages.find((mail) => mail.messageId === messageIdFor(invitationMail.id));
      expect(delivered?.to).toEqual([contact.email]);
      expect(delivered?.subject).toBe('How are we doing?');
      expect(delivered?.text).toContain(`/s/${token}`);
      expect(delivered?.html).toContain(`/s/${token}`);

      const stored = await mailRow(invitationMail.id);
      expect(stored).toMatchObject({ status: 'sent', attempts: 1, transport: 'smtp', claimedUntil: null });
      expect(stored.sentAt).toEqual(t0);
      expect(stored.transportMessageId).toMatch(/^250/);
      const sentInvitation = await invitationRow(invitation.id);
      expect(sentInvitation).toMatchObject({ status: 'sent', remindersSent: 0, lastError: null });
      expect(sentInvitation.sentAt).toEqual(t0);
      expect(await eventsOf(invitation.id)).toEqual([{ status: 'sent', detail: 'invitation' }]);
    }
  });

  it('leaves no usable token in the stored copy of a message delivered over SMTP', async () => {
    const { transport } = await smtp();
    const { invited } = await createInvitedContacts(db, 1, { sendAt: dueAt });
    const [{ invitationMail, token }] = invited;

    await sendDueMail({ transport, now: t0, ratePerMinute: unlimited });

    const stored = await mailRow(invitationMail.id);
    for (const body of [stored.textBody, stored.htmlBody ?? '']) {
      expect(body).not.toContain(token);
      expect(body).toContain('/s/[sent]');
      expect(body).toContain('/s/[sent]/opt-out');
    }
  });

  it('keeps the message with its link in the outbox when there is no SMTP server', async () => {
    const { invited } = await createInvitedContacts(db, 2, { sendAt: dueAt });

    const outcome = await sendDueMail({ transport: createOutboxTransport(), now: t0, ratePerMinute: 1 });

    expect(outcome).toMatchObject({ claimed: 2, sent: 2, rateLimited: false });
    for (const { invitation, invitationMail, token } of invited) {
      const stored = await mailRow(invitationMail.id);
      expect(stored).toMatchObject({ status: 'sent', transport: 'outbox' });
      expect(stored.textBody).toContain(`/s/${token}`);
      expect((await invitationRow(invitation.id)).status).toBe('sent');
    }
  });

  it('does not send a message before it is due', async () => {
    const { catcher, transport } = await smtp();
    const { invited } = await createInvitedContacts(db, 1, { sendAt: later(60_000) });

    expect((await sendDueMail({ transport, now: t0, ratePerMinute: unlimited })).claimed).toBe(0);
    expect(catcher.messages).toHaveLength(0);
    expect((await mailRow(invited[0].invitationMail.id)).status).toBe('queued');
  });

  it('sends a due reminder and counts it on the invitation', async () => {
    const { catcher, transport } = await smtp();
    const { wave, region, unit } = await createMailWave(db);
    const { invitation, invitationMail, reminderMails } = await createInvitedContact(db, {
      wave,
      region,
      unit,
      status: 'sent',
      sendAt: new Date(dueAt.getTime() - 86_400_000),
      reminderAt: [dueAt],
    });
    await db.update(mailMessages).set({ status: 'sent' }).where(eq(mailMessages.id, invitationMail.id));

    expect(await sendDueMail({ transport, now: t0, ratePerMinute: unlimited })).toMatchObject({ sent: 1 });

    expect(catcher.messages.map((mail) => mail.messageId)).toEqual([messageIdFor(reminderMails[0].id)]);
    expect(await invitationRow(invitation.id)).toMatchObject({ status: 'sent', remindersSent: 1 });
    expect(await eventsOf(invitation.id)).toEqual([]);
  });

  it('cancels, and does not send, a reminder for a completed invitation', async () => {
    const { catcher, transport } = await smtp();
    const { wave, region, unit } = await createMailWave(db);
    const { invitation, reminderMails } = await createInvitedContact(db, {
      wave,
      region,
      unit,
      status: 'completed',
      sendAt: later(-86_400_000),
      reminderAt: [dueAt],
    });
    await db.update(mailMessages).set({ status: 'sent' }).where(eq(mailMessages.invitationId, invitation.id));
    await db.update(mailMessages).set({ status: 'queued' }).where(eq(mailMessages.id, reminderMails[0].id));

    const outcome = await sendDueMail({ transport, now: t0, ratePerMinute: unlimited });

    expect(outcome).toMatchObject({ claimed: 1, cancelled: 1, sent: 0 });
    expect(catcher.messages).toHaveLength(0);
    expect(await mailRow(reminderMails[0].id)).toMatchObject({
      status: 'cancelled',
      lastError: 'invitation_completed',
      sentAt: null,
    });
    expect(await invitationRow(invitation.id)).toMatchObject({ status: 'completed', remindersSent: 0 });
  });

  it('cancels mail of an expired or closed wave and to a contact who opted out', async () => {
    const { catcher, transport } = await smtp();
    const expired = await createMailWave(db, { expiresAt: later(-1_000) });
    const closed = await createMailWave(db, { status: 'closed' });
    const open = await createMailWave(db, { expiresAt: later(86_400_000) });
    const ofExpired = await createInvitedContact(db, { ...expired, sendAt: dueAt });
    const ofClosed = await createInvitedContact(db, { ...closed, sendAt: dueAt });
    const optedOut = await createInvitedContact(db, { ...open, sendAt: dueAt });
    await db
      .update(contacts)
      .set({ optedOutAt: later(-5_000) })
      .where(eq(contacts.id, optedOut.contact.id));

    expect(await sendDueMail({ transport, now: t0, ratePerMinute: unlimited })).toMatchObject({
      claimed: 3,
      cancelled: 3,
    });

    expect(catcher.messages).toHaveLength(0);
    expect((await mailRow(ofExpired.invitationMail.id)).lastError).toBe('wave_expired');
    expect((await mailRow(ofClosed.invitationMail.id)).lastError).toBe('wave_closed');
    expect((await mailRow(optedOut.invitationMail.id)).lastError).toBe('contact_opted_out');
    expect((await invitationRow(ofExpired.invitation.id)).status).toBe('queued');
  });

  it('marks the invitation bounced on a permanent 550 rejection and cancels its reminders', async () => {
    const { catcher, transport } = await smtp({
      onRecipient: (address) =>
        address.startsWith('gone') ? { code: 550, message: '5.1.1 No such user here' } : undefined,
    });
    const { wave, region, unit } = await createMailWave(db);
    const bouncing = await createInvitedContact(db, {
      wave,
      region,
      unit,
      email: 'gone@client.test',
      sendAt: dueAt,
      reminders: 2,
    });
    const fine = await createInvitedContact(db, { wave, region, unit, sendAt: dueAt });

    const outcome = await sendDueMail({ transport, now: t0, ratePerMinute: unlimited });

    expect(outcome).toMatchObject({ claimed: 2, bounced: 1, sent: 1 });
    expect(catcher.messages.map((mail) => mail.to)).toEqual([[fine.contact.email]]);
    const failedMail = await mailRow(bouncing.invitationMail.id);
    expect(failedMail).toMatchObject({ status: 'failed', attempts: 1, sentAt: null });
    expect(failedMail.lastError).toContain('550');
    const bounced = await invitationRow(bouncing.invitation.id);
    expect(bounced.status).toBe('bounced');
    expect(bounced.lastError).toContain('No such user');
    expect((await eventsOf(bouncing.invitation.id)).map((event) => event.status)).toEqual(['bounced']);
    for (const reminder of bouncing.reminderMails)
      expect(await mailRow(reminder.id)).toMatchObject({
        status: 'cancelled',
        lastError: 'invitation_bounced',
      });
  });

  it('retries a temporary 451 rejection later, with a backoff that doubles', async () => {
    let refusals = 2;
    const { catcher, transport } = await smtp({
      onRecipient: () => (refusals-- > 0 ? { code: 451, message: '4.7.1 Try again later' } : undefined),
    });
    const { invited } = await createInvitedContacts(db, 1, { sendAt: dueAt });
    const [{ invitation, invitationMail }] = invited;

    expect(await sendDueMail({ transport, now: t0, ratePerMinute: unlimited })).toMatchObject({ retried: 1 });
    let stored = await mailRow(invitationMail.id);
    expect(stored).toMatchObject({ status: 'queued', attempts: 1, claimedUntil: null });
    expect(stored.nextAttemptAt).toEqual(later(60_000));
    expect(stored.lastError).toContain('451');
    expect(await invitationRow(invitation.id)).toMatchObject({ status: 'queued', lastError: null });

    expect((await sendDueMail({ transport, now: later(30_000), ratePerMinute: unlimited })).claimed).toBe(0);

    expect(await sendDueMail({ transport, now: later(61_000), ratePerMinute: unlimited })).toMatchObject({
      retried: 1,
    });
    stored = await mailRow(invitationMail.id);
    expect(stored.attempts).toBe(2);
    expect(stored.nextAttemptAt).toEqual(later(61_000 + 120_000));

    expect((await sendDueMail({ transport, now: later(120_000), ratePerMinute: unlimited })).claimed).toBe(0);
    expect(await sendDueMail({ transport, now: later(182_000), ratePerMinute: unlimited })).toMatchObject({
      sent: 1,
    });
    expect(await mailRow(invitationMail.id)).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    expect((await invitationRow(invitation.id)).status).toBe('sent');
    expect(catcher.messages).toHaveLength(1);
  });

  it('gives up after the last attempt and records the failure on the invitation', async () => {
    const { catcher, transport } = await smtp({
      onRecipient: () => ({ code: 421, message: '4.3.2 Service shutting down' }),
    });
    const { invited } = await createInvitedContacts(db, 1, { sendAt: dueAt });
    const [{ invitation, invitationMail }] = invited;
    const options = { transport, ratePerMinute: unlimited, maxAttempts: 2, retryBaseMs: 1_000 };

    expect(await sendDueMail({ ...options, now: t0 })).toMatchObject({ retried: 1 });
    expect(await sendDueMail({ ...options, now: later(1_000) })).toMatchObject({ failed: 1 });

    expect(catcher.messages).toHaveLength(0);
    expect(await mailRow(invitationMail.id)).toMatchObject({ status: 'failed', attempts: 2 });
    const failed = await invitationRow(invitation.id);
    expect(failed.status).toBe('failed');
    expect(failed.lastError).toContain('421');
    expect((await eventsOf(invitation.id)).map((event) => event.status)).toEqual(['failed']);
    expect((await sendDueMail({ ...options, now: later(3_600_000) })).claimed).toBe(0);
  });

  it('sends no more per minute than the rate limit allows', async () => {
    const { catcher, transport } = await smtp();
    await createInvitedContacts(db, 7, { sendAt: dueAt });

    expect(await sendDueMail({ transport, now: t0, ratePerMinute: 3 })).toMatchObject({
      claimed: 3,
      sent: 3,
      rateLimited: true,
    });
    expect((await sendDueMail({ transport, now: later(59_000), ratePerMinute: 3 })).claimed).toBe(0);
    expect(catcher.messages).toHaveLength(3);
    expect((await sendDueMail({ transport, now: later(61_000), ratePerMinute: 3 })).sent).toBe(3);
    expect((await sendDueMail({ transport, now: later(122_000), ratePerMinute: 3 })).sent).toBe(1);
    expect(catcher.messages).toHaveLength(7);
  });

  it('takes the rate from the setting when no rate is given', async () => {
    const { catcher, transport } = await smtp();
    await db.insert(settings).values({ key: mailRateSettingKey, version: 1, value: 2 });
    try {
      await createInvitedContacts(db, 3, { sendAt: dueAt });
      expect(await sendDueMail({ transport, now: t0 })).toMatchObject({ sent: 2, rateLimited: true });
      expect(catcher.messages).toHaveLength(2);
    } finally {
      await db.delete(settings).where(eq(settings.key, mailRateSettingKey));
    }
  });

  it('never sends one message twice when several senders run side by side', async () => {
    const { catcher, transport } = await smtp();
    const { invited } = await createInvitedContacts(db, 15, { sendAt: dueAt });
    const others = await Promise.all([smtp(), smtp()]);
    const transports = [transport, ...others.map((other) => other.transport)];
    // Each sender delivers to its own server, so a message claimed twice would show up twice.
    const catchers = [catcher, ...others.map((other) => other.catcher)];

    await Promise.all(
      transports.map(async (own) => {
        for (;;) {
          const outcome = await sendDueMail({ transport: own, now: t0, limit: 2, ratePerMinute: unlimited });
          if (outcome.claimed === 0) return;
        }
      }),
    );

    const received = catchers.flatMap((one) => one.messages.map((mail) => mail.messageId)).sort();
    expect(received).toEqual(invited.map((one) => messageIdFor(one.invitationMail.id)).sort());
  });

  it('finishes the message in flight when stopped and hands the rest of the batch back', async () => {
    let stopping: Promise<void> | undefined;
    let sender: ReturnType<typeof startMailSender> | undefined;
    const { catcher, transport } = await smtp({
      beforeAccept: () => {
        // Stop while the second message is on the wire; it must still be recorded as sent.
        if (catcher.messages.length === 1) stopping = sender?.stop();
        return undefined;
      },
    });
    // The background sender runs on the real clock.
    const { invited } = await createInvitedContacts(db, 6, { sendAt: new Date(Date.now() - 60_000) });
    sender = startMailSender({ transport, limit: 4, ratePerMinute: unlimited, pollIntervalMs: 50 });

    await catcher.waitFor(() => catcher.messages.length === 2);
    await expect.poll(() => stopping !== undefined).toBe(true);
    await stopping;

    const rows = await db
      .select()
      .from(mailMessages)
      .where(
        inArray(
          mailMessages.id,
          invited.map((one) => one.invitationMail.id),
        ),
      );
    const sent = rows.filter((row) => row.status === 'sent');
    expect(sent.map((row) => messageIdFor(row.id)).sort()).toEqual(
      catcher.messages.map((mail) => mail.messageId).sort(),
    );
    expect(sent).toHaveLength(2);
    const rest = rows.filter((row) => row.status !== 'sent');
    expect(rest).toHaveLength(4);
    for (const row of rest) expect(row).toMatchObject({ status: 'queued', attempts: 0, claimedUntil: null });
  });
});

describe('a sender that dies mid-batch', () => {
  /** A transport that delivers `survivors` messages, then "dies": the next send never returns. */
  function dyingAfter(real: MailTransport, survivors: number, deliverBeforeDying: boolean) {
    let calls = 0;
    let died!: () => void;
    const death = new Promise<void>((resolve) => {
      died = resolve;
    });
    const transport: MailTransport = {
      kind: 'smtp',
      async deliver(mail) {
        calls += 1;
        if (calls <= survivors) return real.deliver(mail);
        if (deliverBeforeDying) await real.deliver(mail);
        died();
        // The process is gone: nothing after this point ever runs.
        return new Promise<never>(() => {});
      },
      close() {},
    };
    return { transport, death };
  }

  async function drain(transport: MailTransport, now: Date) {
    for (;;) {
      const outcome = await sendDueMail({ transport, now, ratePerMinute: unlimited });
      if (outcome.claimed === 0) return;
    }
  }

  it('and is restarted sends every invitation exactly once (in process)', async () => {
    const { catcher, transport: real } = await smtp();
    const { invited } = await createInvitedContacts(db, 12, { sendAt: dueAt });
    const { transport: dying, death } = dyingAfter(real, 4, false);

    void sendDueMail({ transport: dying, now: t0, limit: 6, leaseMs: 60_000, ratePerMinute: unlimited });
    await death;
    const statuses = (await db.select({ status: mailMessages.status }).from(mailMessages)).map(
      (r) => r.status,
    );
    expect(statuses.filter((status) => status === 'sent')).toHaveLength(4);
    expect(statuses.filter((status) => status === 'sending')).toHaveLength(2);

    // Restarted once the dead sender's claims have expired.
    await drain(real, later(61_000));

    const received = catcher.messages.map((mail) => mail.messageId).sort();
    expect(received).toEqual(invited.map((one) => messageIdFor(one.invitationMail.id)).sort());
    for (const { invitation, invitationMail, token } of invited) {
      const stored = await mailRow(invitationMail.id);
      expect(stored.status).toBe('sent');
      expect(stored.textBody).not.toContain(token);
      expect((await invitationRow(invitation.id)).status).toBe('sent');
      expect(await eventsOf(invitation.id)).toHaveLength(1);
    }
  });

  it('after the server accepted but before "sent" was committed sends that one again, with the same Message-ID', async () => {
    const { catcher, transport: real } = await smtp();
    const { invited } = await createInvitedContacts(db, 3, { sendAt: dueAt });
    const { transport: dying, death } = dyingAfter(real, 1, true);

    void sendDueMail({ transport: dying, now: t0, leaseMs: 60_000, ratePerMinute: unlimited });
    await death;
    await drain(real, later(61_000));

    const ids = catcher.messages.map((mail) => mail.messageId);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(3);
    expect(new Set(ids)).toEqual(new Set(invited.map((one) => messageIdFor(one.invitationMail.id))));
  });

  it.runIf(serverUrl())(
    'in its own process (SIGKILL) and is restarted sends every invitation exactly once',
    async () => {
      const url = serverUrl()!;
      const name = uniqueDatabaseName('barometer_mail_crash');
      const admin = postgres(withDatabase(url, 'postgres'), { max: 1, onnotice: () => {} });
      await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${url.pathname.slice(1)}"`);
      const connection = connectPostgres(withDatabase(url, name), { max: 2 });
      cleanups.push(async () => {
        await connection.close();
        await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      });
      const { invited } = await createInvitedContacts(connection.db, 24, {
        sendAt: new Date(Date.now() - 60_000),
      });

      const killAfter = 7;
      let first: ChildProcess | undefined;
      let firstExit: Promise<unknown> | undefined;
      const catcher = await startSmtpCatcher({
        // The eighth message reaches the server and the sender is killed before the server answers:
        // the worst moment that still allows exactly-once.
        async beforeAccept() {
          if (catcher.messages.length < killAfter || !first || first.exitCode !== null || first.signalCode)
            return undefined;
          first.kill('SIGKILL');
          await firstExit;
          return { code: 421, message: '4.4.2 Connection dropped' };
        },
      });
      cleanups.push(() => catcher.close());

      const output: string[] = [];
      const startWorker = () => {
        const worker = spawn(
          process.execPath,
          ['--import', 'tsx', 'tests/integration/fixtures/sender-worker.ts'],
          {
            cwd: repositoryRoot,
            env: {
              ...process.env,
              DATABASE_URL: withDatabase(url, name),
              SMTP_URL: catcher.url,
              SENDER_LEASE_MS: '2000',
              SENDER_BATCH_SIZE: '5',
            },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        worker.stdout?.on('data', (chunk) => output.push(String(chunk)));
        worker.stderr?.on('data', (chunk) => output.push(String(chunk)));
        return worker;
      };

      first = startWorker();
      firstExit = once(first, 'exit');
      const [, firstSignal] = (await firstExit) as [number | null, string | null];
      expect(firstSignal, output.join('')).toBe('SIGKILL');
      const afterKill = await connection.db.select({ status: mailMessages.status }).from(mailMessages);
      expect(afterKill.filter((row) => row.status === 'sent')).toHaveLength(killAfter);
      expect(afterKill.filter((row) => row.status === 'sending').length).toBeGreaterThan(0);

      const second = startWorker();
      const [secondCode] = (await once(second, 'exit')) as [number | null];
      expect(secondCode, output.join('')).toBe(0);

      const perInvitation = new Map<string, number>();
      const invitationOfMessage = new Map(
        invited.map((one) => [messageIdFor(one.invitationMail.id), one.invitation.id]),
      );
      for (const mail of catcher.messages) {
        const invitationId = invitationOfMessage.get(mail.messageId);
        expect(invitationId).toBeDefined();
        perInvitation.set(invitationId!, (perInvitation.get(invitationId!) ?? 0) + 1);
      }
      expect(perInvitation.size).toBe(invited.length);
      expect([...perInvitation.values()].every((count) => count === 1)).toBe(true);

      const rows = await connection.db.select().from(mailMessages);
      expect(rows.every((row) => row.status === 'sent')).toBe(true);
      for (const { token } of invited)
        expect(rows.some((row) => row.textBody.includes(token) || row.htmlBody?.includes(token))).toBe(false);
      const invitationRows = await connection.db.select({ status: invitations.status }).from(invitations);
      expect(invitationRows.every((row) => row.status === 'sent')).toBe(true);
    },
    60_000,
  );
});
