import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, products, surveys, surveyVersions } from '#db/schema/index.ts';
import type { Database } from '#db/client.ts';
import * as surveyDefinitionRoute from '#app/routes/_staff.surveys.$surveyId.definition.tsx';
import * as surveyPage from '#app/routes/_staff.surveys.$surveyId.tsx';
import * as surveyList from '#app/routes/_staff.surveys._index.tsx';
import { surveyTemplates } from '#surveys/templates/index.ts';
import { createSurveyVersion, testDefinition } from '#tests/factories/surveys.ts';
import { createStaffUser, signedInCookie } from '#tests/factories/users.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

type Args = Parameters<typeof surveyList.action>[0];

let db: Database;
let marketing: string;
let management: string;

beforeAll(async () => {
  ({ db } = await openTestDatabase());
  await db.insert(products).values({ code: 'lending', nameEn: 'Lending', nameRu: 'Кредитование' });
  marketing = await signedInCookie((await createStaffUser(db, 'marketing')).id);
  management = await signedInCookie((await createStaffUser(db, 'management')).id);
});

function args(request: Request, params: Record<string, string> = {}): Args {
  return { request, params, context: {} } as Args;
}

function uploadRequest(path: string, text: string, cookie = marketing): Request {
  const form = new FormData();
  form.append('file', new Blob([text], { type: 'application/json' }), 'survey.json');
  return new Request(`http://localhost${path}`, { method: 'POST', headers: { Cookie: cookie }, body: form });
}

function pasteRequest(path: string, text: string, cookie = marketing): Request {
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { Cookie: cookie },
    body: new URLSearchParams({ json: text }),
  });
}

interface Refusal {
  data: { problems: Array<Record<string, unknown>> };
  init: { status: number };
}

async function surveyCount() {
  const [row] = await db.select({ n: count() }).from(surveys);
  return row.n;
}

describe('survey library', () => {
  it('lists the three templates as surveys on first visit, each with a draft version 1', async () => {
    const result = await surveyList.loader(
      args(new Request('http://localhost/surveys', { headers: { Cookie: management } })),
    );
    const keys = result.surveys.map((survey) => survey.key).sort();
    expect(keys).toEqual(surveyTemplates.map((template) => template.key).sort());
    for (const survey of result.surveys) {
      expect(survey.versions).toHaveLength(1);
      expect(survey.versions[0]).toMatchObject({ version: 1, frozenAt: null, waves: [] });
    }
    expect(result.canWrite).toBe(false);
    // A second visit adds nothing.
    await surveyList.loader(
      args(new Request('http://localhost/surveys', { headers: { Cookie: management } })),
    );
    expect(await surveyCount()).toBe(3);
  });

  it('imports an uploaded SurveyJS file as a new survey and records it in the audit log', async () => {
    const definition = testDefinition({ title: { default: 'Pulse check', ru: 'Пульс' } });
    const response = (await surveyList.action(
      args(uploadRequest('/surveys', JSON.stringify(definition))),
    )) as Response;
    expect(response.status).toBe(302);
    const [survey] = await db.select().from(surveys).where(eq(surveys.key, 'pulse-check'));
    expect(survey).toMatchObject({ titleEn: 'Pulse check', titleRu: 'Пульс' });
    expect(response.headers.get('Location')).toBe(`/surveys/${survey.id}?version=1&saved=new`);
    const [version] = await db.select().from(surveyVersions).where(eq(surveyVersions.surveyId, survey.id));
    expect(version.definition).toEqual(definition);
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'survey_imported'), eq(auditEvents.entityId, survey.id)));
    expect(audit.detail).toMatchObject({ version: 1, replacedDraft: false });
  });

  it('refuses JSON that does not parse, naming the line and column, and writes nothing', async () => {
    const before = await surveyCount();
    const text = '{\n  "title": "Broken",\n  "pages": [\n    { "name": "p1", }\n  ]\n}';
    const result = (await surveyList.action(args(uploadRequest('/surveys', text)))) as unknown as Refusal;
    expect(result.init.status).toBe(400);
    expect(result.data.problems).toEqual([expect.objectContaining({ code: 'notJson', line: 4, column: 21 })]);
    expect(await surveyCount()).toBe(before);
  });

  it('refuses duplicate question names and annotations that point nowhere, naming each', async () => {
    const definition = testDefinition();
    definition.pages[1].elements!.push(
      { type: 'rating', name: 'overall', rateMin: 1, rateMax: 5 },
      {
        type: 'rating',
        name: 'product_q',
        rateMin: 1,
        rateMax: 5,
        scoreMetric: 'overall',
        scoreProduct: 'yachts',
      },
      {
        type: 'rating',
        name: 'imp_speed',
        rateMin: 1,
        rateMax: 5,
        scoreMetric: 'importance',
        scoreAttribute: 'speed',
      },
      { type: 'rating', name: 'sat_x', rateMin: 1, rateMax: 5, scoreMetric: 'attribute' },
    );
    const result = (await surveyList.action(
      args(pasteRequest('/surveys', JSON.stringify(definition))),
    )) as unknown as Refusal;
    expect(result.init.status).toBe(400);
    expect(result.data.problems).toEqual([
      { code: 'duplicateName', name: 'overall', count: 2 },
      { code: 'unknownProduct', question: 'product_q', product: 'yachts' },
      { code: 'attributeMissing', question: 'sat_x', metric: 'attribute' },
      { code: 'importanceWithoutSatisfaction', question: 'imp_speed', attribute: 'speed' },
    ]);
  });

  it('accepts a scoreProduct that names a product the company sells', async () => {
    const definition = testDefinition({ title: 'Lending check' });
    definition.pages[1].elements!.push({
      type: 'rating',
      name: 'lending_overall',
      rateMin: 1,
      rateMax: 5,
      scoreMetric: 'overall',
      scoreProduct: 'lending',
    });
    const response = (await surveyList.action(
      args(pasteRequest('/surveys', JSON.stringify(definition))),
    )) as Response;
    expect(response.status).toBe(302);
  });

  it('refuses html questions and completedHtml with a script', async () => {
    const definition = testDefinition({
      completedHtml: { default: '<p>Thanks</p><script>alert(1)</script>', ru: '<p>Спасибо</p>' },
    });
    definition.pages[1].elements!.push({
      type: 'html',
      name: 'banner',
      html: '<img src=x onerror=alert(1)>',
    });
    const result = (await surveyList.action(
      args(uploadRequest('/surveys', JSON.stringify(definition))),
    )) as unknown as Refusal;
    expect(result.data.problems).toEqual([
      { code: 'htmlQuestion', question: 'banner' },
      { code: 'unsafeHtml', path: 'completedHtml.default', fragment: '<script>' },
    ]);
  });

  it('refuses an upload over the size limit', async () => {
    const result = (await surveyList.action(
      args(uploadRequest('/surveys', `{"title": "${'x'.repeat(1_100_000)}"}`)),
    )) as unknown as Refusal;
    expect(result.init.status).toBe(400);
    expect(result.data.problems[0]).toMatchObject({ code: 'tooLarge' });
  });

  it('replaces a draft version when a survey is imported again', async () => {
    const draft = await createSurveyVersion(db);
    const changed = testDefinition({ title: { default: 'Renamed', ru: 'Переименована' } });
    const response = (await surveyPage.action(
      args(uploadRequest(`/surveys/${draft.surveyId}`, JSON.stringify(changed)), {
        surveyId: draft.surveyId,
      }),
    )) as Response;
    expect(response.headers.get('Location')).toBe(`/surveys/${draft.surveyId}?version=1&saved=replaced`);
    const versions = await db
      .select()
      .from(surveyVersions)
      .where(eq(surveyVersions.surveyId, draft.surveyId));
    expect(versions).toHaveLength(1);
    expect(versions[0].definition).toEqual(changed);
    const [survey] = await db.select().from(surveys).where(eq(surveys.id, draft.surveyId));
    expect(survey.titleEn).toBe('Renamed');
  });

  it('adds a new version when the newest is frozen, leaving the frozen one as it was', async () => {
    const frozen = await createSurveyVersion(db, { frozen: true });
    const changed = testDefinition({ title: { default: 'Second wording', ru: 'Вторая редакция' } });
    const response = (await surveyPage.action(
      args(pasteRequest(`/surveys/${frozen.surveyId}`, JSON.stringify(changed)), {
        surveyId: frozen.surveyId,
      }),
    )) as Response;
    expect(response.headers.get('Location')).toBe(`/surveys/${frozen.surveyId}?version=2&saved=new`);
    const versions = await db
      .select()
      .from(surveyVersions)
      .where(eq(surveyVersions.surveyId, frozen.surveyId))
      .orderBy(surveyVersions.version);
    expect(versions.map((version) => [version.version, version.frozenAt !== null])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(versions[0].definition).toEqual(frozen.definition);
    expect(versions[1].definition).toEqual(changed);
  });

  it('shows a version with its definition, and 404s for an unknown survey or version', async () => {
    const version = await createSurveyVersion(db);
    const page = await surveyPage.loader(
      args(
        new Request(`http://localhost/surveys/${version.surveyId}?version=1`, {
          headers: { Cookie: marketing },
        }),
        {
          surveyId: version.surveyId,
        },
      ),
    );
    expect(page.selected).toMatchObject({ version: 1, definition: testDefinition() });
    expect(page.canWrite).toBe(true);
    for (const [surveyId, query] of [
      [version.surveyId, '?version=7'],
      [version.surveyId, '?version=abc'],
      ['00000000-0000-4000-8000-000000000000', ''],
      ['not-a-uuid', ''],
    ]) {
      const request = new Request(`http://localhost/surveys/${surveyId}${query}`, {
        headers: { Cookie: marketing },
      });
      await expect(surveyPage.loader(args(request, { surveyId }))).rejects.toMatchObject({ status: 404 });
    }
  });

  it('downloads a version as a JSON file', async () => {
    const version = await createSurveyVersion(db);
    const response = await surveyDefinitionRoute.loader(
      args(
        new Request(`http://localhost/surveys/${version.surveyId}/definition?version=1`, {
          headers: { Cookie: management },
        }),
        { surveyId: version.surveyId },
      ),
    );
    expect(response.headers.get('Content-Disposition')).toMatch(/attachment; filename="test-.*-v1\.json"/);
    expect(JSON.parse(await response.text())).toEqual(testDefinition());
  });

  it('does not let management import', async () => {
    await expect(
      surveyList.action(args(pasteRequest('/surveys', JSON.stringify(testDefinition()), management))),
    ).rejects.toMatchObject({ status: 404 });
  });
});
