import { describe, expect, it } from 'vitest';
import { newInvitationToken } from '#app/models/invitation-tokens.server.ts';
import { retryDelayMs, scrubPersonalLinks } from './sender.server.ts';
import { classifyDeliveryFailure } from './transport.server.ts';

describe('scrubPersonalLinks', () => {
  it('replaces every personal link and any other copy of the token', () => {
    const { token, tokenHash } = newInvitationToken();
    const body = `Answer: https://b.test/s/${token}\nStop: https://b.test/s/${token}/opt-out\nCode: ${token}.`;
    const scrubbed = scrubPersonalLinks(body, tokenHash);
    expect(scrubbed).toBe(
      'Answer: https://b.test/s/[sent]\nStop: https://b.test/s/[sent]/opt-out\nCode: [sent].',
    );
  });

  it('leaves other long words and paths alone', () => {
    const text = 'See https://b.test/docs/guide and reference ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij.';
    expect(scrubPersonalLinks(text, newInvitationToken().tokenHash)).toBe(text);
  });
});

describe('retryDelayMs', () => {
  it('doubles from a minute and stops growing at six hours', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempts) => retryDelayMs(attempts) / 60_000)).toEqual([
      1, 2, 4, 8, 16, 32,
    ]);
    expect(retryDelayMs(30)).toBe(6 * 60 * 60_000);
  });
});

describe('classifyDeliveryFailure', () => {
  const smtpError = (responseCode: number, command: string, code = 'EENVELOPE') =>
    Object.assign(new Error('refused'), { responseCode, command, code, response: `${responseCode} refused` });

  it('treats a 5xx refusal of the recipient or the message as a bounce', () => {
    expect(classifyDeliveryFailure(smtpError(550, 'RCPT TO')).kind).toBe('bounce');
    expect(classifyDeliveryFailure(smtpError(554, 'DATA', 'EMESSAGE')).kind).toBe('bounce');
  });

  it('retries 4xx replies, dropped connections and refusals of our own login or sender', () => {
    expect(classifyDeliveryFailure(smtpError(451, 'RCPT TO')).kind).toBe('transient');
    expect(classifyDeliveryFailure(smtpError(503, 'RCPT TO')).kind).toBe('transient');
    expect(classifyDeliveryFailure(smtpError(535, 'AUTH PLAIN', 'EAUTH')).kind).toBe('transient');
    expect(classifyDeliveryFailure(smtpError(553, 'MAIL FROM')).kind).toBe('transient');
    expect(classifyDeliveryFailure(Object.assign(new Error('gone'), { code: 'ECONNECTION' })).kind).toBe(
      'transient',
    );
  });

  it('keeps the server reply as the message', () => {
    expect(classifyDeliveryFailure(smtpError(550, 'RCPT TO')).message).toBe('550 refused');
  });
});
