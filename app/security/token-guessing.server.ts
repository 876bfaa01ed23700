import { clientAddress } from '#app/models/audit.server.ts';

/**
 * Invitation links carry a random token (the only credential a respondent has), so guessing one
 * is hopeless; this limit makes scanning `/s/<token>` from one address visibly fail fast too.
 *
 * Only lookups of tokens that do not exist count: a respondent paging through their own survey
 * never gets near it. The count lives in this process (no write to the database on the respondent
 * hot path, no table to clean): with several app servers an address gets the limit on each, which
 * still caps a scan at a few hundred guesses per window against a 2^128 space.
 *
 * The address is the one the reverse proxy reports (X-Forwarded-For). Without one, every request
 * looks alike, and a shared count would let one scanner lock every respondent out; so then there
 * is no count at all — run the app behind a proxy (docs/operations.md) to have the limit.
 */
const windowMs = 15 * 60 * 1000;
export const maxUnknownTokensPerAddress = 20;
/** Addresses tracked at once; the oldest are forgotten first, so a flood cannot exhaust memory. */
const maxTrackedAddresses = 10_000;

const failures = new Map<string, number[]>();

/** The client's address when a proxy reported one, else null (see above). */
function knownAddress(request: Request): string | null {
  const address = clientAddress(request);
  return address === 'local' ? null : address;
}

function recent(address: string, now: number): number[] {
  const kept = (failures.get(address) ?? []).filter((at) => now - at < windowMs);
  if (kept.length === 0) failures.delete(address);
  else failures.set(address, kept);
  return kept;
}

/** The 429 to answer when this address has looked up too many unknown tokens lately, else null. */
export function tokenGuessingRefusal(request: Request): Response | null {
  const address = knownAddress(request);
  if (address === null) return null;
  const now = Date.now();
  const kept = recent(address, now);
  if (kept.length < maxUnknownTokensPerAddress) return null;
  const retryAfter = Math.max(1, Math.ceil((kept[0] + windowMs - now) / 1000));
  return new Response('Too many unknown survey links from this address; try again later.', {
    status: 429,
    statusText: 'Too Many Requests',
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      'Retry-After': String(retryAfter),
    },
  });
}

/** For loaders and page actions: throws that 429 (the page's error boundary shows it). */
export function refuseTokenGuessing(request: Request): void {
  const refusal = tokenGuessingRefusal(request);
  if (refusal) throw refusal;
}

/** Counts a lookup of a token that matched no invitation. */
export function noteUnknownToken(request: Request): void {
  const address = knownAddress(request);
  if (address === null) return;
  const kept = recent(address, Date.now());
  // Re-inserting moves the address to the end, so the first key is the least recently seen.
  failures.delete(address);
  failures.set(address, [...kept, Date.now()]);
  if (failures.size > maxTrackedAddresses) {
    const oldest = failures.keys().next().value;
    if (oldest !== undefined) failures.delete(oldest);
  }
}

/** Forgets every count (tests start from a clean slate). */
export function resetTokenGuessing(): void {
  failures.clear();
}
