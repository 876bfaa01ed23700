import type { z } from 'zod';
import { getI18n } from '#app/i18n/i18n.ts';

// Errors of the REST API as RFC 9457 problem details. Every refusal names what was wrong: a
// validation problem lists each field with a sentence, never only a status code.

export interface FieldProblem {
  /** The path of the offending input: `inn`, `audience.sizes.0`, `query.limit`. */
  field: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
}

const problemTypes = {
  400: ['invalid-request', 'The request is not valid'],
  401: ['unauthenticated', 'A valid API token is required'],
  403: ['forbidden', 'The token may not do this'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  409: ['conflict', 'The request conflicts with the current state'],
  413: ['too-large', 'The request body is too large'],
  415: ['unsupported-media-type', 'The body must be JSON'],
  422: ['unprocessable', 'The request cannot be carried out'],
  429: ['rate-limited', 'Too many requests'],
  500: ['internal', 'Internal error'],
} as const;

export type ProblemStatus = keyof typeof problemTypes;

/** An expected refusal; the API wrapper turns it into a problem+json response. */
export class ApiProblem extends Error {
  constructor(
    readonly status: ProblemStatus,
    readonly detail?: string,
    readonly errors?: FieldProblem[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? problemTypes[status][1]);
  }
}

export const fieldProblem = (field: string, messageKey: string, status: ProblemStatus = 400) =>
  new ApiProblem(status, 'See errors for the fields to correct.', [
    { field, message: readableMessage(messageKey) },
  ]);

export function problemResponse(problem: ApiProblem): Response {
  const [slug, title] = problemTypes[problem.status];
  const body: ProblemDetails = {
    type: `urn:barometer:problem:${slug}`,
    title,
    status: problem.status,
    ...(problem.detail ? { detail: problem.detail } : {}),
    ...(problem.errors?.length ? { errors: problem.errors } : {}),
  };
  return new Response(JSON.stringify(body), {
    status: problem.status,
    headers: {
      'Content-Type': 'application/problem+json',
      'Cache-Control': 'no-store',
      ...problem.headers,
    },
  });
}

/**
 * Validation messages are translation keys shared with the staff forms (`errors.inn`,
 * `waves:errors.windowOrder`); the API answers with their English text.
 */
export function readableMessage(message: string): string {
  const key = message.startsWith('errors.') ? `errors:${message.slice('errors.'.length)}` : message;
  if (!/^[a-zA-Z]+[:.][a-zA-Z.]+$/.test(key)) return message;
  const text = getI18n('en').t(key, { defaultValue: '' });
  return typeof text === 'string' && text !== '' ? text : message;
}

export function zodProblems(error: z.ZodError, prefix?: string): FieldProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const field = [prefix, path].filter(Boolean).join('.') || (prefix ?? 'body');
    return { field, message: readableMessage(issue.message) };
  });
}
