import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import * as answersRoute from '#app/routes/s.$token_.answers.ts';
import { createRespondentFixture, industrialAnswers } from '#tests/factories/responses.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

// Property-based fuzzing of the respondent's save/complete endpoint (issue #7, "bad input"): whatever
// JSON a browser — or anyone holding a link — posts, the answer is never a 5xx, a refusal changes
// nothing, and a refusal names the question or field that was wrong. The seed is fixed so CI runs are
// reproducible; fast-check prints the seed and the shrunk counterexample when a property fails.

const SEED = 7_004;
const runs = (numRuns: number) => ({ seed: SEED, numRuns, endOnFailure: true });

let db: Database;
let wave: { id: string; surveyVersionId: string };

beforeAll(async () => {
  ({ db } = await openTestDatabase());
  ({ wave } = await createRespondentFixture(db));
});

// ------------------------------------------------------------------------------------------------
// Arbitraries

const questionNames = Object.keys(industrialAnswers());
const prototypeKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/** Text that PostgreSQL finds hard: NUL, lone surrogates, very long strings, RTL and emoji. */
const awkwardText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\u202e', '😀', "'; DROP TABLE responses; --"),
  fc.integer({ min: 4990, max: 6000 }).map((length) => 'я'.repeat(length)),
);

const awkwardNumber = fc.oneof(
  fc.integer({ min: -20, max: 20 }),
  fc.double({ noNaN: true }),
  fc.constantFrom(-0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.5, 10.0000001),
);

/** Any JSON value, weighted towards the shapes the answers take (numbers, text, rows of cells). */
const junkValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    awkwardNumber,
    awkwardText,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...prototypeKeys)), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;

const answerName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...questionNames) },
  { weight: 1, arbitrary: fc.constantFrom(...prototypeKeys) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

/** Answers close to a valid set: a valid one with some answers replaced, removed or added. */
const mutatedAnswers = fc
  .tuple(
    fc.dictionary(answerName, junkValue, { maxKeys: 3 }),
    fc.subarray(questionNames, { maxLength: 3 }),
    fc.boolean(),
  )
  .map(([replaced, removed, startValid]) => {
    const answers: Record<string, unknown> = startValid ? industrialAnswers() : {};
    for (const name of removed) delete answers[name];
    // JSON.parse keeps "__proto__" as an own key, as a posted body would; plain assignment would not.
    for (const [name, value] of Object.entries(replaced)) {
      Object.defineProperty(answers, name, { value, enumerable: true, writable: true, configurable: true });
    }
    return answers;
  });

const submission = fc.record(
  {
    answers: fc.oneof({ weight: 6, arbitrary: mutatedAnswers }, { weight: 1, arbitrary: junkValue }),
    currentPage: fc.oneof(fc.integer({ min: 0, max: 1000 }), junkValue),
    complete: fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: junkValue }),
    language: fc.oneof(fc.constantFrom('en', 'ru'), junkValue),
    extra: junkValue,
  },
  { requiredKeys: ['answers'] },
);

/** A body as posted: JSON of a submission, any JSON at all, or text that is not JSON. */
const body = fc.oneof(
  { weight: 8, arbitrary: submission.map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: junkValue.map((value) => JSON.stringify(value) ?? '') },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
);

// ------------------------------------------------------------------------------------------------
// Helpers

async function post(token: string, text: string): Promise<Response> {
  const request = new Request(`http://localhost/s/${token}/answers`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: text,
  });
  return answersRoute.action({ request, params: { token }, context: {} });
}

/** Everything a save or completion may write for one invitation. */
async function stateOf(invitationId: string) {
  const [row] = await selectRows<Record<string, unknown>>(
    db,
    sql`SELECT
      (SELECT row_to_json(r)::text FROM responses r WHERE r.invitation_id = ${invitationId}) AS response,
      (SELECT status || '|' || coalesce(started_at::text, '') || '|' || updated_at::text
         FROM invitations WHERE id = ${invitationId}) AS invitation,
      (SELECT count(*)::int FROM invitation_events WHERE invitation_id = ${invitationId}) AS events,
      (SELECT count(*)::int FROM score_facts f JOIN responses r ON r.id = f.response_id
        WHERE r.invitation_id = ${invitationId}) AS facts,
      (SELECT count(*)::int FROM follow_ups u JOIN responses r ON r.id = u.response_id
        WHERE r.invitation_id = ${invitationId}) AS "followUps",
      (SELECT count(*)::int FROM pending_rollups p JOIN responses r ON r.id = p.response_id
        WHERE r.invitation_id = ${invitationId}) AS pending`,
  );
  return row;
}

interface Refusal {
  error?: string;
  message?: string;
  errors?: Array<{ question?: string; field?: string; message?: string }>;
}

/** A refusal must say what was wrong: a question or request field with a sentence, or a state. */
function expectNamedRefusal(status: number, refusal: Refusal) {
  expect(refusal.error, 'a refusal carries an error code').toEqual(expect.any(String));
  expect(refusal.message, 'a refusal carries a message').toEqual(expect.any(String));
  if (status === 400) {
    expect(refusal.errors?.length, 'a 400 lists what to correct').toBeGreaterThan(0);
    for (const error of refusal.errors ?? []) {
      const named = error.question || error.field;
      expect(named, `an error names the question or field: ${JSON.stringify(error)}`).toBeTruthy();
      expect(error.message).toBeTruthy();
    }
  }
}

const acceptedStatuses = [200, 400, 409, 410, 413];

// ------------------------------------------------------------------------------------------------

describe('fuzzing the respondent answers endpoint', () => {
  it('answers arbitrary bodies with a 2xx or a named 4xx, and a refusal writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (text, startedBefore) => {
        const { token, invitation } = await createRespondentFixture(db, { wave });
        if (startedBefore) {
          const saved = await post(token, JSON.stringify({ answers: { overall: 3 }, currentPage: 1 }));
          expect(saved.status).toBe(200);
        }
        const before = await stateOf(invitation.id);
        const response = await post(token, text);
        expect(acceptedStatuses, `status ${response.status}`).toContain(response.status);
        const answer = (await response.json()) as Refusal & { status?: string };
        if (response.status >= 400) {
          expectNamedRefusal(response.status, answer);
          expect(await stateOf(invitation.id), 'a refusal leaves the response as it was').toEqual(before);
        } else {
          expect(['saved', 'completed']).toContain(answer.status);
        }
      }),
      runs(100),
    );
  });

  it('refuses an unknown question, including prototype keys, by its name', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constantFrom(...prototypeKeys),
          fc.string({ minLength: 1, maxLength: 30 }).filter((name) => !questionNames.includes(name)),
        ),
        junkValue,
        fc.boolean(),
        async (name, value, complete) => {
          const { token, invitation } = await createRespondentFixture(db, { wave });
          const before = await stateOf(invitation.id);
          // Written by hand so "__proto__" reaches the server as a key, as any HTTP client can send it.
          const answers = `{"overall":4,${JSON.stringify(name)}:${JSON.stringify(value) ?? 'null'}}`;
          const response = await post(token, `{"answers":${answers},"complete":${complete}}`);
          expect(response.status).toBe(400);
          const refusal = (await response.json()) as Refusal;
          expectNamedRefusal(400, refusal);
          expect(refusal.errors).toContainEqual(expect.objectContaining({ question: name }));
          expect(await stateOf(invitation.id)).toEqual(before);
          expect(Object.prototype).not.toHaveProperty('polluted');
        },
      ),
      runs(30),
    );
  });

  it('stores any free text the database can hold and refuses the rest by the question', async () => {
    await fc.assert(
      fc.asyncProperty(awkwardText, fc.boolean(), async (comments, complete) => {
        const { token, invitation } = await createRespondentFixture(db, { wave });
        const before = await stateOf(invitation.id);
        const response = await post(
          token,
          JSON.stringify({ answers: industrialAnswers({ comments }), complete }),
        );
        const answer = (await response.json()) as Refusal & { status?: string };
        if (response.status === 200) {
          const [stored] = await selectRows<{ comments: string }>(
            db,
            sql`SELECT answers->>'comments' AS comments FROM responses WHERE invitation_id = ${invitation.id}`,
          );
          expect(stored.comments).toBe(comments);
          return;
        }
        expect(response.status).toBe(400);
        expectNamedRefusal(400, answer);
        expect(answer.errors).toEqual([expect.objectContaining({ question: 'comments' })]);
        expect(await stateOf(invitation.id)).toEqual(before);
      }),
      runs(40),
    );
  });

  it('keeps a completed response exactly as it was whatever is posted afterwards', async () => {
    const { token, invitation } = await createRespondentFixture(db, { wave });
    const completed = await post(token, JSON.stringify({ answers: industrialAnswers(), complete: true }));
    expect(completed.status).toBe(200);
    const before = await stateOf(invitation.id);
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const response = await post(token, text);
        expect(acceptedStatuses).toContain(response.status);
        const answer = (await response.json()) as Refusal & { status?: string };
        if (response.status >= 400) expectNamedRefusal(response.status, answer);
        // Completing again is answered with the first response (idempotent); nothing is written.
        expect(await stateOf(invitation.id)).toEqual(before);
      }),
      runs(40),
    );
  });

  it('refuses a body over the size limit before reading the answers', async () => {
    const { token, invitation } = await createRespondentFixture(db, { wave });
    const before = await stateOf(invitation.id);
    const huge = JSON.stringify({ answers: { comments: 'x'.repeat(300 * 1024) }, complete: true });
    const response = await post(token, huge);
    expect(response.status).toBe(413);
    expectNamedRefusal(413, (await response.json()) as Refusal);
    expect(await stateOf(invitation.id)).toEqual(before);
  });
});
