import { describe, expect, it } from 'vitest';
import { signatureHeader, signatureOf, verifySignature } from './signature.ts';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"id":"1","type":"response.completed"}';
  const now = new Date('2026-11-27T12:00:00Z');

  it('signs timestamp.body with HMAC-SHA256 (reference value from openssl)', () => {
    // printf '1798372800.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
    expect(signatureOf(secret, 1798372800, '{"a":1}')).toBe(
      '4e60fc4064dd215a35be7f2ff189ad195b1346bc980f994c4d4e5c5ff6061a54',
    );
    expect(signatureHeader(secret, body, now)).toBe(
      `t=1795780800,v1=${signatureOf(secret, 1795780800, body)}`,
    );
  });

  it('verifies its own header and refuses a changed body, a wrong secret or a stale timestamp', () => {
    const header = signatureHeader(secret, body, now);
    expect(verifySignature({ secret, header, body, now })).toBe(true);
    expect(verifySignature({ secret, header, body: `${body} `, now })).toBe(false);
    expect(verifySignature({ secret: 'other', header, body, now })).toBe(false);
    expect(verifySignature({ secret, header, body, now: new Date(now.getTime() + 301_000) })).toBe(false);
    expect(verifySignature({ secret, header: 't=abc,v1=00', body, now })).toBe(false);
    expect(verifySignature({ secret, header: null, body, now })).toBe(false);
  });
});
