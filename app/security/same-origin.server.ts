import { appUrl } from '#app/env.server.ts';

/** Methods a browser may send cross-site without changing anything (they must stay read-only). */
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function originOf(value: string | null): string | null {
  if (!value || value === 'null') return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * Origins this app is served from: the public address (APP_URL, what the browser shows behind a
 * TLS-terminating proxy) and the address the request reached (its Host), so a demo on another port
 * or host works without configuration.
 */
function ownOrigins(request: Request): Set<string> {
  const origins = new Set([new URL(request.url).origin]);
  const configured = originOf(appUrl());
  if (configured) origins.add(configured);
  return origins;
}

/**
 * Why a state-changing request is not from one of the app's own pages, or null when it is. Browsers
 * send Origin on every non-GET request (Referer is the fallback for old ones and for Origin-stripping
 * proxies); a request with neither, or with Origin "null" (sandboxed frames, data: URLs), cannot be
 * told apart from a forged one and is refused.
 */
export function crossSiteReason(request: Request): string | null {
  if (safeMethods.has(request.method.toUpperCase())) return null;
  const originHeader = request.headers.get('Origin');
  const refererHeader = request.headers.get('Referer');
  const sender = originHeader !== null ? originOf(originHeader) : originOf(refererHeader);
  if (sender === null) {
    return originHeader !== null || refererHeader !== null
      ? 'the Origin/Referer header is not a usable address'
      : 'the request carries neither an Origin nor a Referer header';
  }
  return ownOrigins(request).has(sender) ? null : `it was sent from ${sender}, another site`;
}

/**
 * Cookie-authenticated forms (staff pages, sign-in, sign-out, language) call this before changing
 * anything: a page on another site cannot make a signed-in browser post to them. SameSite=Lax on
 * the session cookie already stops most of this; the check also covers sibling subdomains (same
 * site, different origin) and browsers without SameSite.
 *
 * Remix itself aborts a document or data action whose Origin differs from Host (with a 500); this
 * also refuses a missing Origin and a foreign Referer, answers 403, and runs where tests can call it.
 * `/api/v1/*` (bearer tokens, no cookies) and `/s/*` (the invitation token in the URL is the only
 * credential, so a forged post can do nothing its holder could not) do not need it.
 */
export function requireSameOrigin(request: Request): void {
  const reason = crossSiteReason(request);
  if (reason === null) return;
  throw new Response(`Forbidden: this form must be sent from Barometer's own pages (${reason}).`, {
    status: 403,
    statusText: 'Forbidden',
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
