import type { z } from 'zod';
import type { ApiPermission } from '#db/schema/index.ts';
import { findUnstorableText } from '#db/storable-text.ts';
import { clientAddress } from '#app/models/audit.server.ts';
import { type ApiTokenContext, checkApiToken } from '#app/models/api-tokens.server.ts';
import { ApiProblem, problemResponse, zodProblems } from './problem.server.ts';

// The REST API's request pipeline. Each endpoint is declared once — method, path, permission and
// the zod schemas of its path, query, body and answer — and the same declaration validates the
// request and produces the OpenAPI document (openapi.server.ts), so the two cannot drift apart.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ApiRequestContext<Params, Query, Body> {
  token: ApiTokenContext;
  params: Params;
  query: Query;
  body: Body;
  ipAddress: string;
  request: Request;
}

export interface Endpoint<
  Params extends z.ZodType = z.ZodType,
  Query extends z.ZodType = z.ZodType,
  Body extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** OpenAPI path under /api/v1, with `{name}` parameters. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  permission: ApiPermission;
  params?: Params;
  query?: Query;
  body?: Body;
  /** The success answer's schema (documentation, and checked by the tests against real answers). */
  response: z.ZodType;
  successStatus?: 200 | 201 | 202;
  /** Extra documented refusals besides 400, 401, 403, 429 (e.g. 404, 409). */
  refusals?: number[];
  /** A body other than JSON (an NDJSON export); documented with this media type. */
  mediaType?: string;
  run(
    context: ApiRequestContext<z.output<Params>, z.output<Query>, z.output<Body>>,
  ): Promise<unknown | Response>;
}

/** Declares an endpoint with its schemas' types flowing into `run`. */
export function endpoint<Params extends z.ZodType, Query extends z.ZodType, Body extends z.ZodType>(
  definition: Endpoint<Params, Query, Body>,
): Endpoint {
  return definition as unknown as Endpoint;
}

const MAX_BODY_BYTES = 1_000_000;

async function authenticate(request: Request, ipAddress: string): Promise<ApiTokenContext> {
  const header = request.headers.get('Authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const unauthenticated = (detail: string) =>
    new ApiProblem(401, detail, undefined, { 'WWW-Authenticate': 'Bearer realm="barometer"' });
  if (!match) throw unauthenticated('Send the API token as "Authorization: Bearer <token>".');
  const checked = await checkApiToken({ token: match[1], ipAddress });
  if (checked.kind === 'invalid') throw unauthenticated('The token is unknown or has been revoked.');
  if (checked.kind === 'rate_limited')
    throw new ApiProblem(429, `Rate limit reached; retry in ${checked.retryAfterSeconds} s.`, undefined, {
      'Retry-After': String(checked.retryAfterSeconds),
    });
  return checked.token;
}

function queryObject(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length > 1 ? values : values[0];
  }
  return query;
}

async function readJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get('Content-Type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type))
    throw new ApiProblem(415, 'Send the body as JSON with "Content-Type: application/json".');
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new ApiProblem(413, `At most ${MAX_BODY_BYTES} bytes.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiProblem(400, 'The body is not valid JSON.', [{ field: 'body', message: 'Not valid JSON.' }]);
  }
}

function parsePart<T extends z.ZodType>(schema: T | undefined, input: unknown, part: string): z.output<T> {
  if (!schema) return undefined as z.output<T>;
  const unstorable = findUnstorableText(input);
  if (unstorable) {
    const field = [part === 'body' ? undefined : part, ...unstorable].filter(Boolean).join('.') || part;
    throw new ApiProblem(400, 'See errors for the fields to correct.', [
      { field, message: 'Must not contain NUL characters or unpaired surrogates.' },
    ]);
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ApiProblem(
    400,
    'See errors for the fields to correct.',
    zodProblems(result.error, part === 'body' ? undefined : part),
  );
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers },
  });
}

/**
 * Serves a request with the endpoint declared for its method: token, permission, input, then the
 * endpoint's work. Refusals come back as problem+json; an unexpected error is logged and answered
 * with a bare 500 that reveals nothing.
 */
export async function serveApi(
  request: Request,
  routeParams: Record<string, string | undefined>,
  endpoints: Endpoint[],
): Promise<Response> {
  try {
    const chosen = endpoints.find((candidate) => candidate.method === request.method);
    if (!chosen)
      throw new ApiProblem(
        405,
        `Use ${endpoints.map((candidate) => candidate.method).join(' or ')}.`,
        undefined,
        {
          Allow: endpoints.map((candidate) => candidate.method).join(', '),
        },
      );
    const ipAddress = clientAddress(request);
    const token = await authenticate(request, ipAddress);
    if (!token.permissions.includes(chosen.permission))
      throw new ApiProblem(403, `This token lacks the "${chosen.permission}" permission.`);
    const params = parsePart(chosen.params, routeParams, 'path');
    const query = parsePart(chosen.query, queryObject(new URL(request.url)), 'query');
    const body = chosen.body ? parsePart(chosen.body, await readJsonBody(request), 'body') : undefined;
    const result = await chosen.run({ token, params, query, body, ipAddress, request });
    if (result instanceof Response) return result;
    return json(result, chosen.successStatus ?? 200);
  } catch (error) {
    if (error instanceof ApiProblem) return problemResponse(error);
    // A thrown 404 from a shared model (notFound()) is the same refusal in API form.
    if (error instanceof Response && error.status === 404) return problemResponse(new ApiProblem(404));
    console.error('API request failed', error);
    return problemResponse(new ApiProblem(500));
  }
}
