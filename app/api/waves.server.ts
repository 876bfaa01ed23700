import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { waveFunnel } from '#analytics/wave-funnel.ts';
import { getDb } from '#db/client.ts';
import {
  clients,
  contacts,
  invitationEvents,
  invitations,
  mailMessages,
  surveys,
  surveyVersions,
  waves,
} from '#db/schema/index.ts';
import { waveStatuses } from '#db/schema/domain.ts';
import type { SurveyDefinition } from '#surveys/definition.ts';
import { appUrl, environment } from '#app/env.server.ts';
import { renderInvitationMail, senderNameOf } from '#app/mail/invitation-mail.ts';
import { recordAudit } from '#app/models/audit.server.ts';
import { newInvitationToken } from '#app/models/invitation-tokens.server.ts';
import { surveyVersionChoices } from '#app/models/surveys.server.ts';
import {
  audienceSchema,
  closeWave,
  createWave,
  getWave,
  launchWave,
  listWaves,
  newWaveSchema,
  surveyTitleIn,
  WAVE_TIME_ZONE_OFFSET,
  WaveFieldError,
  WaveLaunchError,
} from '#app/models/waves.server.ts';
import { endpoint } from './endpoint.server.ts';
import { ApiProblem, fieldProblem, zodProblems } from './problem.server.ts';
import { tokenActor, tokenClientScope } from './scope.server.ts';

// Waves (create, launch, status) and single invitations. Waves are created and launched by the
// same model functions as the staff screens; the API only takes instants in ISO 8601.

const waveIdParam = z.object({ waveId: z.uuid({ message: 'errors.unknown' }) });

const isoInstant = z.iso.datetime({ offset: true, message: 'integration:errors.dateTime' });

export const waveInputSchema = z.object({
  name: z.string(),
  surveyVersionId: z.uuid({ message: 'errors.required' }),
  sendFrom: isoInstant,
  sendUntil: isoInstant,
  expiresAt: isoInstant,
  reminderAfterDays: z.number().int().nullable().default(null),
  reminderMax: z.number().int().default(0),
  audience: audienceSchema.default(audienceSchema.parse({})),
});

const offsetMs = (() => {
  const [hours, minutes] = WAVE_TIME_ZONE_OFFSET.slice(1).split(':').map(Number);
  return (WAVE_TIME_ZONE_OFFSET.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000;
})();

/** An instant as the staff form's local wall-clock time, so the form's validation applies unchanged. */
const toWaveLocalTime = (iso: string) =>
  new Date(new Date(iso).getTime() + offsetMs).toISOString().slice(0, 16);

const waveSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(waveStatuses),
  surveyTitle: z.string(),
  launchedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  invited: z.number().int(),
  completed: z.number().int(),
});

const iso = (value: Date | null) => (value ? value.toISOString() : null);

const listWavesEndpoint = endpoint({
  method: 'GET',
  path: '/waves',
  operationId: 'listWaves',
  summary: 'Waves, newest first, with invited and completed counts',
  tag: 'Waves',
  permission: 'waves:read',
  response: z.object({ waves: z.array(waveSummarySchema) }),
  async run() {
    const rows = await listWaves();
    return {
      waves: rows.map((row) => ({
        id: row.id,
        name: row.name,
        status: row.status,
        surveyTitle: row.surveyTitleEn,
        launchedAt: iso(row.launchedAt),
        expiresAt: iso(row.expiresAt),
        invited: row.invited,
        completed: row.completed,
      })),
    };
  },
});

const surveyVersionsEndpoint = endpoint({
  method: 'GET',
  path: '/survey-versions',
  operationId: 'listSurveyVersions',
  summary: 'Survey versions a wave can ask',
  tag: 'Waves',
  permission: 'waves:read',
  response: z.object({
    surveyVersions: z.array(
      z.object({ id: z.uuid(), version: z.number().int(), title: z.string(), frozen: z.boolean() }),
    ),
  }),
  async run() {
    const rows = await surveyVersionChoices();
    return {
      surveyVersions: rows.map((row) => ({
        id: row.id,
        version: row.version,
        title: row.titleEn,
        frozen: row.frozenAt !== null,
      })),
    };
  },
});

const createWaveEndpoint = endpoint({
  method: 'POST',
  path: '/waves',
  operationId: 'createWave',
  summary: 'Create a draft wave',
  description:
    'Times are ISO 8601 instants; they are kept to the minute. The audience is a segment filter (every list means "any of"; an empty list does not filter).',
  tag: 'Waves',
  permission: 'waves:write',
  body: waveInputSchema,
  response: z.object({ id: z.uuid(), status: z.literal('draft') }),
  successStatus: 201,
  async run({ token, body, ipAddress }) {
    const parsed = newWaveSchema.safeParse({
      ...body,
      sendFrom: toWaveLocalTime(body.sendFrom),
      sendUntil: toWaveLocalTime(body.sendUntil),
      expiresAt: toWaveLocalTime(body.expiresAt),
      reminderAfterDays: body.reminderAfterDays ?? '',
    });
    if (!parsed.success)
      throw new ApiProblem(400, 'See errors for the fields to correct.', zodProblems(parsed.error));
    try {
      const wave = await createWave({ input: parsed.data, actor: tokenActor(token), ipAddress });
      return { id: wave.id, status: 'draft' as const };
    } catch (error) {
      if (error instanceof WaveFieldError) throw fieldProblem(error.field, error.messageKey, 422);
      throw error;
    }
  },
});

const funnelSchema = z.object({
  invited: z.number().int(),
  sent: z.number().int(),
  bounced: z.number().int(),
  opened: z.number().int(),
  started: z.number().int(),
  completed: z.number().int(),
  optedOut: z.number().int(),
  expired: z.number().int(),
  responseRate: z.number().nullable().describe('AAPOR RR2 (0–1)'),
  accountResponseRate: z.number().nullable(),
});

const waveStatusSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(waveStatuses),
  surveyVersionId: z.uuid(),
  sendFrom: z.string().nullable(),
  sendUntil: z.string().nullable(),
  expiresAt: z.string().nullable(),
  launchedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  funnel: funnelSchema.nullable().describe('null while the wave is a draft'),
});

const waveStatusEndpoint = endpoint({
  method: 'GET',
  path: '/waves/{waveId}',
  operationId: 'getWave',
  summary: "A wave's status and response funnel",
  tag: 'Waves',
  permission: 'waves:read',
  params: waveIdParam,
  response: waveStatusSchema,
  refusals: [404],
  async run({ params }) {
    const { wave } = await getWave({ id: params.waveId });
    const funnel =
      wave.status === 'draft'
        ? null
        : (await waveFunnel(getDb(), { waveId: wave.id, segment: null })).overall;
    return {
      id: wave.id,
      name: wave.name,
      status: wave.status,
      surveyVersionId: wave.surveyVersionId,
      sendFrom: iso(wave.sendFrom),
      sendUntil: iso(wave.sendUntil),
      expiresAt: iso(wave.expiresAt),
      launchedAt: iso(wave.launchedAt),
      closedAt: iso(wave.closedAt),
      funnel: funnel
        ? {
            invited: funnel.invited,
            sent: funnel.sent,
            bounced: funnel.bounced,
            opened: funnel.opened,
            started: funnel.started,
            completed: funnel.completed,
            optedOut: funnel.optedOut,
            expired: funnel.expired,
            responseRate: funnel.rates.RR2,
            accountResponseRate: funnel.accountResponseRate,
          }
        : null,
    };
  },
});

const launchMessages: Record<WaveLaunchError['reason'], string> = {
  notDraft: 'The wave has already been launched.',
  expired: 'The wave has expired.',
  windowClosed: 'The sending window has closed.',
  emptyAudience: 'Nobody in the audience can be invited.',
};

const launchEndpoint = endpoint({
  method: 'POST',
  path: '/waves/{waveId}/launch',
  operationId: 'launchWave',
  summary: 'Launch a draft wave: invitations and their mail are created',
  tag: 'Waves',
  permission: 'waves:write',
  params: waveIdParam,
  response: z.object({
    invitations: z.number().int(),
    clients: z.number().int(),
    mailMessages: z.number().int(),
    excluded: z.record(z.string(), z.number().int()),
  }),
  refusals: [404, 409],
  async run({ token, params, ipAddress }) {
    try {
      return await launchWave({ id: params.waveId, actor: tokenActor(token), ipAddress });
    } catch (error) {
      if (error instanceof WaveLaunchError) throw new ApiProblem(409, launchMessages[error.reason]);
      throw error;
    }
  },
});

/** Closes a running wave: no more answers, queued mail cancelled, `wave.finished` sent to subscribers. */
const closeEndpoint = endpoint({
  method: 'POST',
  path: '/waves/{waveId}/close',
  operationId: 'closeWave',
  summary: 'Close a running wave',
  tag: 'Waves',
  permission: 'waves:write',
  params: waveIdParam,
  response: z.object({ closed: z.boolean().describe('false when the wave was not running') }),
  refusals: [404],
  async run({ token, params, ipAddress }) {
    return closeWave({ id: params.waveId, actor: tokenActor(token), ipAddress });
  },
});

// ── Invitations ─────────────────────────────────────────────────────────────────────────────────

export const invitationInputSchema = z.object({
  waveId: z.uuid({ message: 'errors.unknown' }),
  contactId: z.uuid({ message: 'errors.unknown' }),
  sendEmail: z
    .boolean()
    .default(false)
    .describe('Also e-mail the invitation; otherwise the caller delivers the returned link itself.'),
});

/**
 * One invitation for one contact on a running wave — a transactional survey after a service event.
 * The personal link is in the answer and nowhere else (only its hash is stored). Opted-out contacts,
 * contacts without consent and people who left are refused; frequency caps are for relationship
 * waves and do not apply to an event the caller chose.
 */
const createInvitationEndpoint = endpoint({
  method: 'POST',
  path: '/invitations',
  operationId: 'createInvitation',
  summary: 'Invite one contact to a running wave; returns the personal link',
  tag: 'Invitations',
  permission: 'invitations:write',
  body: invitationInputSchema,
  response: z.object({ invitationId: z.uuid(), link: z.url(), emailQueued: z.boolean() }),
  successStatus: 201,
  refusals: [404, 409],
  async run({ token, body, ipAddress }) {
    const actor = tokenActor(token);
    return getDb().transaction(async (tx) => {
      const [wave] = await tx
        .select({
          id: waves.id,
          status: waves.status,
          expiresAt: waves.expiresAt,
          definition: surveyVersions.definition,
          titleEn: surveys.titleEn,
          titleRu: surveys.titleRu,
        })
        .from(waves)
        .innerJoin(surveyVersions, eq(surveyVersions.id, waves.surveyVersionId))
        .innerJoin(surveys, eq(surveys.id, surveyVersions.surveyId))
        .where(eq(waves.id, body.waveId));
      if (!wave) throw fieldProblem('waveId', 'integration:errors.unknownWave', 404);
      if (wave.status !== 'running' || (wave.expiresAt && wave.expiresAt <= new Date()))
        throw fieldProblem('waveId', 'integration:errors.waveNotRunning', 409);
      const [contact] = await tx
        .select({
          id: contacts.id,
          clientId: contacts.clientId,
          fullName: contacts.fullName,
          email: contacts.email,
          language: contacts.language,
          optedOutAt: contacts.optedOutAt,
          consentGiven: contacts.consentGiven,
          leftCompany: contacts.leftCompany,
          clientName: clients.name,
        })
        .from(contacts)
        .innerJoin(clients, eq(clients.id, contacts.clientId))
        .where(and(eq(contacts.id, body.contactId), tokenClientScope(token)));
      if (!contact) throw fieldProblem('contactId', 'integration:errors.unknownContact', 404);
      if (contact.optedOutAt) throw fieldProblem('contactId', 'integration:errors.optedOut', 409);
      if (!contact.consentGiven) throw fieldProblem('contactId', 'integration:errors.noConsent', 409);
      if (contact.leftCompany) throw fieldProblem('contactId', 'integration:errors.leftCompany', 409);
      if (body.sendEmail && !contact.email)
        throw fieldProblem('sendEmail', 'integration:errors.noEmail', 409);

      const { token: linkToken, tokenHash } = newInvitationToken();
      const inserted = await tx
        .insert(invitations)
        .values({
          waveId: wave.id,
          contactId: contact.id,
          clientId: contact.clientId,
          tokenHash,
          language: contact.language,
        })
        .onConflictDoNothing({ target: [invitations.waveId, invitations.contactId] })
        .returning({ id: invitations.id });
      if (inserted.length === 0) throw fieldProblem('contactId', 'integration:errors.alreadyInvited', 409);
      const invitationId = inserted[0].id;
      await tx.insert(invitationEvents).values({ invitationId, status: 'queued', detail: 'api' });
      const link = `${appUrl()}/s/${linkToken}`;
      if (body.sendEmail && contact.email) {
        const definition = wave.definition as SurveyDefinition;
        const mail = renderInvitationMail({
          kind: 'invitation',
          language: contact.language,
          contactName: contact.fullName,
          clientName: contact.clientName,
          surveyTitle: surveyTitleIn(
            definition.title,
            contact.language,
            contact.language === 'en' ? wave.titleEn : wave.titleRu,
          ),
          senderName: senderNameOf(environment().MAIL_FROM),
          link,
          optOutLink: `${link}/opt-out`,
          expiresAt: wave.expiresAt,
        });
        await tx.insert(mailMessages).values({
          kind: 'invitation',
          invitationId,
          toAddress: contact.email,
          subject: mail.subject,
          textBody: mail.text,
          htmlBody: mail.html,
        });
      }
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: 'invitation_created',
        entityType: 'invitation',
        entityId: invitationId,
        detail: {
          via: 'api',
          apiTokenId: token.id,
          waveId: wave.id,
          contactId: contact.id,
          sendEmail: body.sendEmail,
        },
        ipAddress,
      });
      return { invitationId, link, emailQueued: Boolean(body.sendEmail && contact.email) };
    });
  },
});

export const waveEndpoints = {
  waves: [listWavesEndpoint, createWaveEndpoint],
  wave: [waveStatusEndpoint],
  launch: [launchEndpoint],
  close: [closeEndpoint],
  surveyVersions: [surveyVersionsEndpoint],
  invitations: [createInvitationEndpoint],
};
