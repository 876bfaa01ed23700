import nodemailer from 'nodemailer';
import type { MailTransportKind } from '#db/schema/mail.ts';
import { environment } from '#app/env.server.ts';

/** One message as it leaves: already rendered, addressed, with the Message-ID receivers de-duplicate by. */
export interface OutgoingMail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
}

export interface DeliveryReceipt {
  /** What the transport reports as the message's id (the SMTP server's queue reply, or the outbox's). */
  transportMessageId: string;
}

export interface MailTransport {
  readonly kind: MailTransportKind;
  deliver(mail: OutgoingMail): Promise<DeliveryReceipt>;
  close(): void;
}

/**
 * Why a delivery failed, as the sender acts on it: a `bounce` is the receiving side refusing this
 * recipient or message for good (an SMTP 5xx reply to RCPT TO or DATA), so retrying is pointless
 * and the invitation is marked bounced; anything else (4xx, a dropped connection, a timeout, a 5xx
 * to our own login or sender address, which is our configuration, not the recipient) is retried.
 */
export interface DeliveryFailure {
  kind: 'bounce' | 'transient';
  message: string;
  responseCode: number | null;
}

interface NodemailerError extends Error {
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
}

const recipientCommands = new Set(['RCPT TO', 'DATA']);

export function classifyDeliveryFailure(error: unknown): DeliveryFailure {
  const failure = (error ?? {}) as NodemailerError;
  const responseCode = typeof failure.responseCode === 'number' ? failure.responseCode : null;
  const message = (failure.response ?? failure.message ?? String(error)).slice(0, 1000);
  const permanent =
    responseCode !== null && responseCode >= 500 && responseCode < 600 && responseCode !== 503;
  const aboutRecipient =
    failure.code === 'EMESSAGE' || (failure.command !== undefined && recipientCommands.has(failure.command));
  return { kind: permanent && aboutRecipient ? 'bounce' : 'transient', message, responseCode };
}

// Well under the sender's claim lease, so a hung server cannot outlive the claim (see decision 002).
const smtpTimeouts = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };

/** Nodemailer over SMTP_URL (smtp:// or smtps://, credentials in the URL), one pooled connection. */
export function createSmtpTransport(url: string, from = environment().MAIL_FROM): MailTransport {
  const transporter = nodemailer.createTransport({ url, pool: true, maxConnections: 1, ...smtpTimeouts });
  return {
    kind: 'smtp',
    async deliver(mail) {
      const info = await transporter.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html ?? undefined,
        messageId: mail.messageId,
      });
      return { transportMessageId: String(info.response ?? info.messageId).slice(0, 500) };
    },
    close: () => transporter.close(),
  };
}

/**
 * No SMTP server: delivering means keeping the message, marked sent with transport 'outbox', in
 * mail_messages, where staff read it at /outbox. Nothing leaves the machine.
 */
export function createOutboxTransport(): MailTransport {
  return {
    kind: 'outbox',
    async deliver(mail) {
      return { transportMessageId: mail.messageId };
    },
    close() {},
  };
}

export function transportFromEnvironment(): MailTransport {
  const url = environment().SMTP_URL;
  return url ? createSmtpTransport(url) : createOutboxTransport();
}
