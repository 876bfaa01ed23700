import { PassThrough } from 'node:stream';
import type { EntryContext, HandleDataRequestFunction } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';
import { startEscalationCheckOnce } from '#app/follow-ups/escalation.server.ts';
import { startMailSenderOnce } from '#app/mail/sender.server.ts';
import { startWebhookDispatcherOnce } from '#app/webhooks/dispatcher.server.ts';
import { startRollupFolderOnce } from '#analytics/aggregations/rollup-folder.ts';

const abortDelay = 5_000;

// One background mail sender per server process (not under vitest, not with MAIL_SENDER=off).
startMailSenderOnce();
// One background escalation of overdue follow-ups to unit heads per process (same switches).
startEscalationCheckOnce();
// One background webhook dispatcher per process (not under vitest, not with WEBHOOK_DISPATCHER=off).
startWebhookDispatcherOnce();
// One background fold of completed responses into the analytics rollups per process (not under vitest).
startRollupFolderOnce();

/**
 * Headers every page carries: staff pages hold client data, so nothing is cached (the back button
 * after sign-out must show nothing private), and the app is never framed by another site.
 */
function applySecurityHeaders(headers: Headers) {
  if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'private, no-store');
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'same-origin');
  headers.set('X-Frame-Options', 'DENY');
  headers.set('Content-Security-Policy', "frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
}

export const handleDataRequest: HandleDataRequestFunction = (response) => {
  applySecurityHeaders(response.headers);
  return response;
};

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const waitForAll = isbot(request.headers.get('user-agent') ?? '');
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={abortDelay} />,
      {
        [waitForAll ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
          applySecurityHeaders(responseHeaders);
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors before the shell is ready reject above; later ones are worth a log line.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, abortDelay);
  });
}
