import type { ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { completeResponse, RespondentError, saveAnswers } from '#app/models/responses.server.ts';
import { noteUnknownToken, tokenGuessingRefusal } from '#app/security/token-guessing.server.ts';
import { locales } from '#db/schema/domain.ts';

// The respondent page posts here on every page change ({ complete: false }) and on completion
// ({ complete: true }). Answers over this size are refused before they are parsed.
const MAX_BODY_BYTES = 256 * 1024;

const isAnswersObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const submissionSchema = z.object({
  // The posted object itself, not a copy: z.record drops a "__proto__" key, which would accept an
  // unknown question silently instead of refusing it by name like any other.
  answers: z.custom<Record<string, unknown>>(isAnswersObject, 'must be an object of answers'),
  currentPage: z.number().int().min(0).max(1000).default(0),
  complete: z.boolean().default(false),
  language: z.enum(locales).optional(),
});

interface FieldError {
  field: string;
  message: string;
}

const refusal = (status: number, error: string, message: string, errors: FieldError[] = []) =>
  Response.json(
    { error, message, ...(errors.length > 0 ? { errors } : {}) },
    { status, headers: { 'Cache-Control': 'no-store' } },
  );

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') return refusal(405, 'method_not_allowed', 'Use POST.');
  const guessing = tokenGuessingRefusal(request);
  if (guessing) return guessing;
  if (Number(request.headers.get('Content-Length') ?? 0) > MAX_BODY_BYTES) {
    return refusal(413, 'too_large', 'The answers are too large.');
  }
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) return refusal(413, 'too_large', 'The answers are too large.');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return refusal(400, 'invalid_request', 'The body must be JSON.', [
      { field: 'body', message: 'not valid JSON' },
    ]);
  }
  const parsed = submissionSchema.safeParse(body);
  if (!parsed.success) {
    // Each refusal names the field to correct (`answers`, `currentPage`, …), not only the shape.
    const errors = parsed.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.') || 'body',
      message: issue.message,
    }));
    return refusal(400, 'invalid_request', 'Expected { answers, currentPage, complete }.', errors);
  }

  const { answers, currentPage, complete, language } = parsed.data;
  const token = params.token ?? '';
  try {
    if (complete) {
      const { responseId } = await completeResponse({ token, answers, language });
      return Response.json({ status: 'completed', responseId }, { headers: { 'Cache-Control': 'no-store' } });
    }
    await saveAnswers({ token, answers, currentPage, language });
    return Response.json({ status: 'saved' }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    if (!(error instanceof RespondentError)) throw error;
    if (error.code === 'unknown_link') noteUnknownToken(request);
    return Response.json(
      {
        error: error.code,
        message: error.message,
        ...(error.errors.length > 0 ? { errors: error.errors } : {}),
      },
      { status: error.status, headers: { 'Cache-Control': 'no-store' } },
    );
  }
}

export function loader() {
  return refusal(405, 'method_not_allowed', 'Use POST.');
}
