import { sql } from 'drizzle-orm';
import type { Executor } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import type { Scale, SurveyDefinition } from '#surveys/definition.ts';
import { scoringMap } from '#surveys/scoring.ts';
import { inList } from './sql-lists.ts';

/**
 * Answer scales are properties of the survey version (METHODOLOGY §1); facts hold raw values, so
 * CSAT's top box and CSI's rescaling look the scale up per question of the wave's version.
 */
export interface VersionScales {
  byQuestion: ReadonlyMap<string, Scale>;
  /** Scales of relationship-level attribute items (not product-matrix columns), per attribute. */
  byAttribute: ReadonlyMap<string, Scale>;
}

// A frozen version never changes (a database trigger refuses it), so its scales are cached for the
// life of the process; a draft has no responses and is never asked for.
const frozenVersionScales = new Map<string, VersionScales>();

function versionScales(definition: SurveyDefinition): VersionScales {
  const byQuestion = new Map<string, Scale>();
  const byAttribute = new Map<string, Scale>();
  for (const item of scoringMap(definition)) {
    byQuestion.set(item.question, item.scale);
    if (item.metric === 'attribute' && !item.rowsAreProducts && item.productCode === null && item.attribute) {
      byAttribute.set(item.attribute, item.scale);
    }
  }
  return { byQuestion, byAttribute };
}

/** Scales of each wave's survey version, for the waves given (all waves when undefined). */
export async function loadWaveScales(
  db: Executor,
  waveIds?: readonly string[],
): Promise<Map<string, VersionScales>> {
  const waves = await selectRows<{ wave_id: string; version_id: string }>(
    db,
    sql`SELECT w.id AS wave_id, w.survey_version_id AS version_id FROM waves w
        WHERE ${waveIds ? inList(sql`w.id`, waveIds) : sql`TRUE`}`,
  );
  const scalesOf = new Map<string, VersionScales>();
  const missing = [...new Set(waves.map((wave) => wave.version_id))].filter(
    (versionId) => !frozenVersionScales.has(versionId),
  );
  if (missing.length > 0) {
    const versions = await selectRows<{ id: string; definition: SurveyDefinition; frozen: boolean }>(
      db,
      sql`SELECT id, definition, frozen_at IS NOT NULL AS frozen FROM survey_versions
          WHERE ${inList(sql`id`, missing)}`,
    );
    for (const version of versions) {
      const scales = versionScales(version.definition);
      scalesOf.set(version.id, scales);
      if (version.frozen) frozenVersionScales.set(version.id, scales);
    }
  }
  return new Map(
    waves.map((wave) => [
      wave.wave_id,
      frozenVersionScales.get(wave.version_id) ?? scalesOf.get(wave.version_id)!,
    ]),
  );
}

/** Rows (wave, question, min, max) for an inline scales table in SQL. */
export function questionScaleRows(
  scales: ReadonlyMap<string, VersionScales>,
): Array<[string, string, number, number]> {
  return [...scales].flatMap(([waveId, version]) =>
    [...version.byQuestion].map(([question, scale]): [string, string, number, number] => [
      waveId,
      question,
      scale.min,
      scale.max,
    ]),
  );
}
