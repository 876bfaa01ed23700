import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message the catcher accepted (answered 250), parsed. */
export interface CaughtMail {
  /** The Message-ID header, angle brackets included. */
  messageId: string;
  /** Envelope recipients (RCPT TO), lower-cased. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string | null;
}

/** An SMTP reply to send instead of accepting, e.g. `{ code: 550, message: 'No such user' }`. */
export interface Refusal {
  code: number;
  message: string;
}

export interface SmtpCatcherOptions {
  /** Called at RCPT TO; a refusal rejects that recipient. */
  onRecipient?(address: string): Refusal | undefined;
  /**
   * Called with the whole message before it is answered; a refusal rejects it, and the message is
   * only recorded as accepted when this returns nothing.
   */
  beforeAccept?(mail: CaughtMail): Promise<Refusal | undefined> | Refusal | undefined;
  /** A fixed port, for a server started before the test knew it (the browser tests' app); else a free one. */
  port?: number;
}

export interface SmtpCatcher {
  /** smtp://127.0.0.1:<port>, ready for SMTP_URL. */
  url: string;
  port: number;
  /** Every accepted message, in the order it was accepted. */
  messages: CaughtMail[];
  /** The first accepted message (already here or yet to come) that matches; rejects after the timeout. */
  waitFor(predicate: (mail: CaughtMail) => boolean, options?: { timeoutMs?: number }): Promise<CaughtMail>;
  close(): Promise<void>;
}

function refusal({ code, message }: Refusal): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** Starts an SMTP server on 127.0.0.1 and a free port that keeps what it receives in memory. */
export async function startSmtpCatcher(options: SmtpCatcherOptions = {}): Promise<SmtpCatcher> {
  const messages: CaughtMail[] = [];
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    // Plain SMTP without login: a client would otherwise try STARTTLS against a self-signed certificate.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      const refused = options.onRecipient?.(address.address.toLowerCase());
      callback(refused ? refusal(refused) : null);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          const mail: CaughtMail = {
            messageId: parsed.messageId ?? '',
            to: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : null,
          };
          const refused = await options.beforeAccept?.(mail);
          if (refused) return callback(refusal(refused));
          messages.push(mail);
          for (const wake of waiters) wake();
          callback(null);
        })
        .catch((error: Error) => callback(error));
    },
  });
  // A client that hangs up mid-message is expected in these tests; it is not the catcher's failure.
  server.on('error', () => {});

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor(predicate, { timeoutMs = 10_000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No matching mail within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
