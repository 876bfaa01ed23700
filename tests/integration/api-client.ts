import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import * as catchAll from '#app/routes/api.v1.$.ts';
import * as client from '#app/routes/api.v1.clients.$inn.ts';
import * as contacts from '#app/routes/api.v1.clients.$inn.contacts.ts';
import * as usage from '#app/routes/api.v1.clients.$inn.products.ts';
import * as clientList from '#app/routes/api.v1.clients.ts';
import * as invitations from '#app/routes/api.v1.invitations.ts';
import * as kpiActuals from '#app/routes/api.v1.kpi-actuals.ts';
import * as atRisk from '#app/routes/api.v1.loyalty.at-risk.ts';
import * as loyalty from '#app/routes/api.v1.loyalty.ts';
import * as openapi from '#app/routes/api.v1.openapi[.]json.ts';
import * as products from '#app/routes/api.v1.products.ts';
import * as responsesExport from '#app/routes/api.v1.responses.export.ts';
import * as responses from '#app/routes/api.v1.responses.ts';
import * as scores from '#app/routes/api.v1.scores.ts';
import * as surveyVersions from '#app/routes/api.v1.survey-versions.ts';
import * as close from '#app/routes/api.v1.waves.$waveId.close.ts';
import * as launch from '#app/routes/api.v1.waves.$waveId.launch.ts';
import * as wave from '#app/routes/api.v1.waves.$waveId.ts';
import * as waves from '#app/routes/api.v1.waves.ts';

// Calls the API's route modules the way Remix does — a Request, the matched route's params — so the
// tests drive the real routes without a server. The table mirrors the flat-route file names.

type Handler = (args: LoaderFunctionArgs & ActionFunctionArgs) => Promise<Response> | Response;
interface RouteModule {
  loader?: unknown;
  action?: unknown;
}

const routes: Array<[RegExp, RouteModule, string[]]> = [
  [/^\/api\/v1\/openapi\.json$/, openapi, []],
  [/^\/api\/v1\/clients$/, clientList, []],
  [/^\/api\/v1\/clients\/([^/]+)$/, client, ['inn']],
  [/^\/api\/v1\/clients\/([^/]+)\/contacts$/, contacts, ['inn']],
  [/^\/api\/v1\/clients\/([^/]+)\/products$/, usage, ['inn']],
  [/^\/api\/v1\/products$/, products, []],
  [/^\/api\/v1\/survey-versions$/, surveyVersions, []],
  [/^\/api\/v1\/waves$/, waves, []],
  [/^\/api\/v1\/waves\/([^/]+)$/, wave, ['waveId']],
  [/^\/api\/v1\/waves\/([^/]+)\/launch$/, launch, ['waveId']],
  [/^\/api\/v1\/waves\/([^/]+)\/close$/, close, ['waveId']],
  [/^\/api\/v1\/invitations$/, invitations, []],
  [/^\/api\/v1\/responses$/, responses, []],
  [/^\/api\/v1\/responses\/export$/, responsesExport, []],
  [/^\/api\/v1\/scores$/, scores, []],
  [/^\/api\/v1\/loyalty$/, loyalty, []],
  [/^\/api\/v1\/loyalty\/at-risk$/, atRisk, []],
  [/^\/api\/v1\/kpi-actuals$/, kpiActuals, []],
];

export interface ApiCall {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

export async function callApi(method: string, pathAndQuery: string, call: ApiCall = {}): Promise<Response> {
  const url = new URL(pathAndQuery, 'http://localhost');
  const match = routes.find(([pattern]) => pattern.test(url.pathname));
  const [pattern, module, names] = match ?? [/^/, catchAll, []];
  const values = pattern.exec(url.pathname)?.slice(1) ?? [];
  const params = Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(values[index])]));
  const headers = new Headers(call.headers);
  if (call.token) headers.set('Authorization', `Bearer ${call.token}`);
  if (call.body !== undefined && !headers.has('Content-Type'))
    headers.set('Content-Type', 'application/json');
  const request = new Request(url, {
    method,
    headers,
    body:
      call.body === undefined
        ? undefined
        : typeof call.body === 'string'
          ? call.body
          : JSON.stringify(call.body),
  });
  const handler = (method === 'GET' ? module.loader : (module.action ?? module.loader)) as Handler;
  return handler({ request, params, context: {} });
}

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON that each test asserts on (or checks against its schema)
type Json = any;

/** The answer's status and parsed body (JSON or problem+json). */
export async function callApiJson<Body = Record<string, Json>>(
  method: string,
  pathAndQuery: string,
  call: ApiCall = {},
): Promise<{ status: number; body: Body; headers: Headers }> {
  const response = await callApi(method, pathAndQuery, call);
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : null) as Body,
    headers: response.headers,
  };
}
