import type { Executor } from '#db/client.ts';
import { profileMoments } from './profile-moments.ts';
import { attributesIn, relativeWeightsOf, type WaveWeights } from './profile-statistics.ts';
import type { VersionScales } from './scales.ts';
import { scoreStatistics } from './score-statistics.ts';
import type { CsiWeighting, StatisticsSource } from './types.ts';

/**
 * The CSI weights of each wave, computed over the whole wave rather than the filtered segment
 * (METHODOLOGY: "mean importance per attribute over the wave"), so that every segment's CSI is the
 * same index and segments can be compared. Stated: mean importance answer; derived: relative
 * weights (percent) on the wave's complete cases; equal: 1 for each attribute of the version.
 */
export async function csiWeightsByWave(
  db: Executor,
  {
    weighting,
    scales,
    source,
  }: { weighting: CsiWeighting; scales: ReadonlyMap<string, VersionScales>; source: StatisticsSource },
): Promise<WaveWeights> {
  const waveIds = [...scales.keys()];
  const weights = new Map(waveIds.map((waveId) => [waveId, new Map<string, number>()]));
  if (waveIds.length === 0) return weights;
  if (weighting === 'equal') {
    for (const [waveId, version] of scales) {
      for (const attribute of version.byAttribute.keys()) weights.get(waveId)!.set(attribute, 1);
    }
  } else if (weighting === 'stated') {
    const importance = await scoreStatistics(db, {
      metrics: ['importance'],
      by: ['wave', 'attribute'],
      filter: { waveIds },
      source,
    });
    for (const { keys, statistics } of importance) {
      if (keys.attribute && statistics.answers > 0) {
        weights.get(keys.wave!)?.set(keys.attribute, statistics.sum / statistics.answers);
      }
    }
  } else {
    const profiles = await profileMoments(db, { by: ['wave'], filter: { waveIds }, source });
    for (const waveId of waveIds) {
      const waveProfiles = profiles.filter((entry) => entry.waveId === waveId).map((entry) => entry.moments);
      const attributes = attributesIn(waveProfiles);
      const derived = relativeWeightsOf(waveProfiles, attributes);
      attributes.forEach((attribute, j) => {
        if (derived) weights.get(waveId)!.set(attribute, derived.percent[j]);
      });
    }
  }
  return weights;
}
