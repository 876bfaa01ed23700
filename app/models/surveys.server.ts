import {
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  MaxPartSizeExceededError,
} from '@remix-run/node';
import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Executor, getDb } from '#db/client.ts';
import { products, surveys, surveyVersions, waves } from '#db/schema/index.ts';
import type { SurveyDefinition } from '#surveys/definition.ts';
import { checkSurveyImport, type ImportProblem, MAX_DEFINITION_BYTES } from '#surveys/import-check.ts';
import { questionsOf } from '#surveys/definition.ts';
import { scoringMap } from '#surveys/scoring.ts';
import { surveyTemplates } from '#surveys/templates/index.ts';
import type { StaffUser } from '#app/auth/session.server.ts';
import { notFound } from '#app/auth/session.server.ts';
import { recordAudit } from './audit.server.ts';

/**
 * The three shipped templates as surveys with a first version, for an installation that was not
 * seeded with demo data. Adds only the templates whose key is missing; returns how many it added.
 */
export async function ensureTemplateSurveys(executor: Executor = getDb()): Promise<number> {
  const present = await executor
    .select({ key: surveys.key })
    .from(surveys)
    .where(
      inArray(
        surveys.key,
        surveyTemplates.map((template) => template.key),
      ),
    );
  const keys = new Set(present.map((row) => row.key));
  const missing = surveyTemplates.filter((template) => !keys.has(template.key));
  if (missing.length === 0) return 0;
  return executor.transaction(async (tx) => {
    let added = 0;
    for (const template of missing) {
      const [survey] = await tx
        .insert(surveys)
        .values({ key: template.key, titleEn: template.titleEn, titleRu: template.titleRu })
        .onConflictDoNothing({ target: surveys.key })
        .returning({ id: surveys.id });
      // Another request added it meanwhile.
      if (!survey) continue;
      await tx
        .insert(surveyVersions)
        .values({ surveyId: survey.id, version: 1, definition: template.definition });
      added++;
    }
    return added;
  });
}

export interface VersionWave {
  id: string;
  name: string;
  status: string;
}

function questionCount(definition: unknown): { questions: number; scored: number } {
  try {
    const parsed = definition as SurveyDefinition;
    return { questions: questionsOf(parsed).length, scored: scoringMap(parsed).length };
  } catch {
    return { questions: 0, scored: 0 };
  }
}

async function wavesByVersion(versionIds: string[]): Promise<Map<string, VersionWave[]>> {
  const byVersion = new Map<string, VersionWave[]>();
  if (versionIds.length === 0) return byVersion;
  const rows = await getDb()
    .select({ id: waves.id, name: waves.name, status: waves.status, versionId: waves.surveyVersionId })
    .from(waves)
    .where(inArray(waves.surveyVersionId, versionIds))
    .orderBy(desc(waves.createdAt));
  for (const row of rows) {
    const list = byVersion.get(row.versionId) ?? [];
    list.push({ id: row.id, name: row.name, status: row.status });
    byVersion.set(row.versionId, list);
  }
  return byVersion;
}

/** Every survey with its versions, newest first, and the waves that use each version. */
export async function listSurveys() {
  const db = getDb();
  const surveyRows = await db.select().from(surveys).orderBy(asc(surveys.titleEn));
  const versionRows = await db
    .select({
      id: surveyVersions.id,
      surveyId: surveyVersions.surveyId,
      version: surveyVersions.version,
      frozenAt: surveyVersions.frozenAt,
      createdAt: surveyVersions.createdAt,
      definition: surveyVersions.definition,
    })
    .from(surveyVersions)
    .orderBy(desc(surveyVersions.version));
  const usedBy = await wavesByVersion(versionRows.map((row) => row.id));
  return surveyRows.map((survey) => ({
    id: survey.id,
    key: survey.key,
    titleEn: survey.titleEn,
    titleRu: survey.titleRu,
    updatedAt: survey.updatedAt,
    versions: versionRows
      .filter((version) => version.surveyId === survey.id)
      .map(({ definition, ...version }) => ({
        ...version,
        ...questionCount(definition),
        waves: usedBy.get(version.id) ?? [],
      })),
  }));
}

const versionNumber = z.coerce.number().int().positive();

/** A survey, its versions, and the definition of the version asked for (by default the newest). */
export async function getSurvey({ id, version }: { id: string; version?: string | null }) {
  if (!z.string().uuid().safeParse(id).success) throw notFound();
  const db = getDb();
  const [survey] = await db.select().from(surveys).where(eq(surveys.id, id));
  if (!survey) throw notFound();
  const versionRows = await db
    .select()
    .from(surveyVersions)
    .where(eq(surveyVersions.surveyId, id))
    .orderBy(desc(surveyVersions.version));
  const wanted = version ? versionNumber.safeParse(version) : null;
  if (wanted && !wanted.success) throw notFound();
  const selected = wanted ? versionRows.find((row) => row.version === wanted.data) : versionRows[0];
  if (!selected) throw notFound();
  const usedBy = await wavesByVersion(versionRows.map((row) => row.id));
  return {
    survey: { id: survey.id, key: survey.key, titleEn: survey.titleEn, titleRu: survey.titleRu },
    versions: versionRows.map(({ definition, ...row }) => ({
      id: row.id,
      version: row.version,
      frozenAt: row.frozenAt,
      createdAt: row.createdAt,
      ...questionCount(definition),
      waves: usedBy.get(row.id) ?? [],
    })),
    selected: {
      id: selected.id,
      version: selected.version,
      frozenAt: selected.frozenAt,
      definition: selected.definition as SurveyDefinition,
    },
  };
}

/** Versions a wave can be built on, newest first within each survey. */
export async function surveyVersionChoices() {
  return getDb()
    .select({
      id: surveyVersions.id,
      version: surveyVersions.version,
      frozenAt: surveyVersions.frozenAt,
      titleEn: surveys.titleEn,
      titleRu: surveys.titleRu,
    })
    .from(surveyVersions)
    .innerJoin(surveys, eq(surveys.id, surveyVersions.surveyId))
    .orderBy(asc(surveys.titleEn), desc(surveyVersions.version));
}

/** The import form: a JSON file or pasted JSON; a file wins when both are given. */
export interface SurveyImportInput {
  text: string;
}

export class SurveyImportError extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super(`survey import refused: ${problems.map((problem) => problem.code).join(', ')}`);
  }
}

/**
 * Reads the import form. Multipart (a file upload) is parsed with a size limit per part, so a huge
 * upload is refused without being held in memory; a urlencoded form carries only the textarea.
 */
export async function readSurveyImportForm(request: Request): Promise<SurveyImportInput> {
  const type = request.headers.get('Content-Type') ?? '';
  let form: FormData;
  if (type.startsWith('multipart/form-data')) {
    try {
      form = await unstable_parseMultipartFormData(
        request,
        unstable_createMemoryUploadHandler({ maxPartSize: MAX_DEFINITION_BYTES + 1024 }),
      );
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) {
        throw new SurveyImportError([
          { code: 'tooLarge', bytes: error.maxBytes, limit: MAX_DEFINITION_BYTES },
        ]);
      }
      throw error;
    }
  } else {
    form = await request.formData();
  }
  const file = form.get('file');
  if (file && typeof file !== 'string' && file.size > 0) return { text: await file.text() };
  const pasted = form.get('json');
  return { text: typeof pasted === 'string' ? pasted : '' };
}

async function productCodes(executor: Executor): Promise<string[]> {
  const rows = await executor.select({ code: products.code }).from(products);
  return rows.map((row) => row.code);
}

/** A key for a new survey from its English title: lower-case words joined by hyphens, made unique. */
async function newSurveyKey(executor: Executor, titleEn: string): Promise<string> {
  const base =
    titleEn
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'survey';
  const taken = await executor
    .select({ key: surveys.key })
    .from(surveys)
    .where(sql`${surveys.key} = ${base} OR ${surveys.key} LIKE ${`${base}-%`}`);
  const keys = new Set(taken.map((row) => row.key));
  if (!keys.has(base)) return base;
  for (let n = 2; ; n++) if (!keys.has(`${base}-${n}`)) return `${base}-${n}`;
}

export interface ImportedSurvey {
  surveyId: string;
  version: number;
  /** True when an unused draft was replaced rather than a new version added. */
  replacedDraft: boolean;
}

/**
 * Imports a SurveyJS definition: as a new survey, or as the next version of `surveyId`. A survey
 * whose newest version no wave has used yet has that draft replaced; a frozen newest version is
 * kept as it is and the import becomes a new version.
 */
export async function importSurvey({
  surveyId,
  text,
  actor,
  ipAddress,
}: {
  surveyId?: string;
  text: string;
  actor: StaffUser;
  ipAddress: string;
}): Promise<ImportedSurvey> {
  if (surveyId !== undefined && !z.string().uuid().safeParse(surveyId).success) throw notFound();
  return getDb().transaction(async (tx) => {
    const checked = checkSurveyImport(text, { productCodes: await productCodes(tx) });
    if (!checked.ok) throw new SurveyImportError(checked.problems);
    const { definition, titleEn, titleRu } = checked;

    let result: ImportedSurvey;
    if (surveyId === undefined) {
      const [survey] = await tx
        .insert(surveys)
        .values({ key: await newSurveyKey(tx, titleEn), titleEn, titleRu })
        .returning({ id: surveys.id });
      await tx
        .insert(surveyVersions)
        .values({ surveyId: survey.id, version: 1, definition, createdBy: actor.id });
      result = { surveyId: survey.id, version: 1, replacedDraft: false };
    } else {
      // Locks the survey so two imports at once cannot both take the same version number.
      const [survey] = await tx.select().from(surveys).where(eq(surveys.id, surveyId)).for('update');
      if (!survey) throw notFound();
      const [latest] = await tx
        .select()
        .from(surveyVersions)
        .where(eq(surveyVersions.surveyId, surveyId))
        .orderBy(desc(surveyVersions.version))
        .limit(1)
        .for('update');
      if (latest && latest.frozenAt === null) {
        await tx
          .update(surveyVersions)
          .set({ definition, createdBy: actor.id, createdAt: new Date() })
          .where(eq(surveyVersions.id, latest.id));
        result = { surveyId, version: latest.version, replacedDraft: true };
      } else {
        const version = (latest?.version ?? 0) + 1;
        await tx.insert(surveyVersions).values({ surveyId, version, definition, createdBy: actor.id });
        result = { surveyId, version, replacedDraft: false };
      }
      await tx.update(surveys).set({ titleEn, titleRu }).where(eq(surveys.id, surveyId));
    }
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: 'survey_imported',
      entityType: 'survey',
      entityId: result.surveyId,
      detail: { version: result.version, replacedDraft: result.replacedDraft, titleEn },
      ipAddress,
    });
    return result;
  });
}
