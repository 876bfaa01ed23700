import { beforeAll, vi } from 'vitest';

// A console.error during a test is a failure (STYLE.md): it is how React and Remix report trouble.
beforeAll(() => {
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error during test: ${args.map(String).join(' ')}`);
  });
});

/**
 * Tests build Requests by hand and call actions directly; a browser would add Origin to every
 * non-GET request, and staff actions refuse one without it (app/security/same-origin.server.ts).
 * So a hand-built POST without Origin or Referer gets the Origin of its own URL, as a browser's
 * same-origin form post would. Tests of the refusal set a foreign Origin/Referer explicitly, or
 * `Origin: null` for "no usable origin".
 */
class BrowserLikeRequest extends Request {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(input, init);
    const safe = this.method === 'GET' || this.method === 'HEAD' || this.method === 'OPTIONS';
    if (!safe && !this.headers.has('Origin') && !this.headers.has('Referer')) {
      this.headers.set('Origin', new URL(this.url).origin);
    }
  }
}
globalThis.Request = BrowserLikeRequest;
