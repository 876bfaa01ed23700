import { randomUUID } from 'node:crypto';
import type { Database } from '#db/client.ts';
import { invitations, mailMessages, surveys, surveyVersions, waves } from '#db/schema/index.ts';
import type { InvitationStatus } from '#db/schema/domain.ts';
import { newInvitationToken } from '#app/models/invitation-tokens.server.ts';
import { createClient, createContact } from './clients.ts';
import { createRegion, createUnit } from './reference.ts';

// Direct inserts of what a wave launch leaves behind: a running wave, invitations with their
// personal tokens, and the rendered mail queued for each (the token lives only in the body).

export const testAppUrl = 'http://barometer.test';

export async function createMailWave(db: Database, overrides: Partial<typeof waves.$inferInsert> = {}) {
  const [survey] = await db
    .insert(surveys)
    .values({ key: `mail-${randomUUID().slice(0, 8)}`, titleEn: 'Mail test survey', titleRu: 'Опрос' })
    .returning();
  const [version] = await db
    .insert(surveyVersions)
    .values({ surveyId: survey.id, version: 1, definition: { pages: [] }, frozenAt: new Date() })
    .returning();
  const [wave] = await db
    .insert(waves)
    .values({
      name: 'Mail test wave',
      surveyVersionId: version.id,
      status: 'running',
      launchedAt: new Date(),
      reminderAfterDays: 3,
      reminderMax: 2,
      ...overrides,
    })
    .returning();
  const region = await createRegion(db);
  const unit = await createUnit(db);
  return { wave, region, unit };
}

export function renderedMail(token: string, kind: 'invitation' | 'reminder') {
  const link = `${testAppUrl}/s/${token}`;
  const optOut = `${testAppUrl}/s/${token}/opt-out`;
  const subject = kind === 'invitation' ? 'How are we doing?' : 'Reminder: how are we doing?';
  return {
    subject,
    textBody: `Dear client,\n\nPlease answer a few questions: ${link}\n\nNo more surveys: ${optOut}\n`,
    htmlBody: `<p>Dear client,</p><p><a href="${link}">Answer the survey</a></p><p><a href="${optOut}">No more surveys</a></p>`,
  };
}

/**
 * One contact invited to the wave, with its invitation mail due at `sendAt` and `reminders`
 * reminders due a day apart after it.
 */
export async function createInvitedContact(
  db: Database,
  options: {
    wave: { id: string };
    region: { code: string };
    unit: { id: string };
    email?: string;
    status?: InvitationStatus;
    sendAt?: Date;
    reminders?: number;
    /** Reminders due at these instants instead of a day apart. */
    reminderAt?: Date[];
  },
) {
  const { wave, region, unit, status = 'queued', sendAt = new Date(), reminders = 0 } = options;
  const client = await createClient(db, { regionCode: region.code, unitId: unit.id });
  const email = options.email ?? `contact-${randomUUID().slice(0, 8)}@client.test`;
  const contact = await createContact(db, { clientId: client.id, email });
  const { token, tokenHash } = newInvitationToken();
  const [invitation] = await db
    .insert(invitations)
    .values({
      waveId: wave.id,
      contactId: contact.id,
      clientId: client.id,
      tokenHash,
      status,
      language: 'en',
    })
    .returning();
  const reminderTimes =
    options.reminderAt ??
    Array.from({ length: reminders }, (_, index) => new Date(sendAt.getTime() + (index + 1) * 86_400_000));
  const messages = await db
    .insert(mailMessages)
    .values(
      [
        { kind: 'invitation' as const, nextAttemptAt: sendAt, ...renderedMail(token, 'invitation') },
        ...reminderTimes.map((at) => ({
          kind: 'reminder' as const,
          nextAttemptAt: at,
          ...renderedMail(token, 'reminder'),
        })),
      ].map((message) => ({ ...message, invitationId: invitation.id, toAddress: email })),
    )
    .returning();
  const invitationMail = messages.find((message) => message.kind === 'invitation')!;
  const reminderMails = messages
    .filter((message) => message.kind === 'reminder')
    .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime());
  return { client, contact, invitation, token, invitationMail, reminderMails };
}

/** `count` invited contacts of one fresh wave, all due at `sendAt`. */
export async function createInvitedContacts(
  db: Database,
  count: number,
  options: { sendAt?: Date; reminders?: number } = {},
) {
  const { wave, region, unit } = await createMailWave(db);
  const invited = [];
  for (let index = 0; index < count; index += 1)
    invited.push(await createInvitedContact(db, { wave, region, unit, ...options }));
  return { wave, invited };
}
