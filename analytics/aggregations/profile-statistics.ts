import {
  cronbachAlphaFromCovariance,
  type RelativeWeights,
  relativeWeightsFromCorrelations,
  type SampleMoments,
  type Scale,
} from '#analytics/metrics/index.ts';
import { OVERALL, type ProfileMoments, triangleIndex } from './profile-moments.ts';

/** Attribute keys answered in any of the patterns, sorted. */
export function attributesIn(profiles: readonly ProfileMoments[]): string[] {
  const attributes = new Set(profiles.flatMap((profile) => profile.pattern));
  attributes.delete(OVERALL);
  return [...attributes].sort();
}

/** n, Σx, Σx² of one variable over everyone who answered it. */
export function variableMoments(profiles: readonly ProfileMoments[], variable: string): SampleMoments {
  const moments: SampleMoments = { n: 0, sum: 0, sumOfSquares: 0 };
  for (const profile of profiles) {
    const i = profile.pattern.indexOf(variable);
    if (i < 0) continue;
    moments.n += profile.respondents;
    moments.sum += profile.sums[i];
    moments.sumOfSquares += profile.crossProducts[triangleIndex(i, i, profile.pattern.length)];
  }
  return moments;
}

/** Sums over the respondents who answered every one of `variables` (complete cases). */
interface CompleteCaseSums {
  n: number;
  sums: number[];
  /** Full symmetric matrix of Σx_i·x_j. */
  crossProducts: number[][];
}

export function completeCaseSums(
  profiles: readonly ProfileMoments[],
  variables: readonly string[],
): CompleteCaseSums {
  const k = variables.length;
  const result: CompleteCaseSums = {
    n: 0,
    sums: new Array(k).fill(0),
    crossProducts: variables.map(() => new Array(k).fill(0)),
  };
  for (const profile of profiles) {
    const positions = variables.map((variable) => profile.pattern.indexOf(variable));
    if (positions.some((position) => position < 0)) continue;
    const m = profile.pattern.length;
    result.n += profile.respondents;
    positions.forEach((pi, a) => {
      result.sums[a] += profile.sums[pi];
      positions.forEach((pj, b) => {
        result.crossProducts[a][b] +=
          profile.crossProducts[triangleIndex(Math.min(pi, pj), Math.max(pi, pj), m)];
      });
    });
  }
  return result;
}

/**
 * n·Σx_i·x_j − Σx_i·Σx_j: (n − 1)·n times the sample covariance. On integer answers every term is
 * an exact integer in double precision, so a variable with no spread gives exactly 0.
 */
function scaledCovariances({ n, sums, crossProducts }: CompleteCaseSums): number[][] {
  return crossProducts.map((row, a) => row.map((sum, b) => n * sum - sums[a] * sums[b]));
}

/** Relative weights of `attributes` for overall satisfaction, on complete cases. */
export function relativeWeightsOf(
  profiles: readonly ProfileMoments[],
  attributes: readonly string[],
): (RelativeWeights & { cases: number }) | null {
  const cases = completeCaseSums(profiles, [...attributes, OVERALL]);
  const k = attributes.length;
  // As relativeWeights: enough cases to estimate k slopes, and every variable must vary.
  if (k === 0 || cases.n < k + 2) return null;
  const covariances = scaledCovariances(cases);
  if (covariances.some((row, a) => !(row[a] > 0))) return null;
  const correlation = (a: number, b: number) =>
    covariances[a][b] / Math.sqrt(covariances[a][a] * covariances[b][b]);
  const weights = relativeWeightsFromCorrelations(
    attributes.map((_, a) => attributes.map((__, b) => correlation(a, b))),
    attributes.map((_, a) => correlation(a, k)),
  );
  return weights && { ...weights, cases: cases.n };
}

/** Cronbach's alpha of `attributes` on the respondents who answered them all. */
export function cronbachAlphaOf(
  profiles: readonly ProfileMoments[],
  attributes: readonly string[],
): number | null {
  const cases = completeCaseSums(profiles, attributes);
  if (attributes.length < 2 || cases.n < 2) return null;
  const denominator = cases.n * (cases.n - 1);
  return cronbachAlphaFromCovariance(
    scaledCovariances(cases).map((row) => row.map((value) => value / denominator)),
  );
}

interface WaveProfile {
  waveId: string;
  moments: ProfileMoments;
}

/** CSI weights per wave and attribute; an attribute without a positive weight is not in the index. */
export type WaveWeights = ReadonlyMap<string, ReadonlyMap<string, number>>;

/**
 * n, ΣCSI_r and ΣCSI_r² of the respondents' CSI (METHODOLOGY §2). CSI_r = Σa_i·x_i + c over the
 * weighted attributes r answered, with a_i = 100·w_i/(W·(max_i − min_i)), c = −Σa_i·min_i and W
 * the sum of those weights, so both sums are linear in the pattern's moments. `attributes`
 * restricts the index to those attributes (the attribute filter).
 */
export function csiMoments(
  profiles: readonly WaveProfile[],
  weightsByWave: WaveWeights,
  scalesByWave: ReadonlyMap<string, ReadonlyMap<string, Scale>>,
  attributes?: readonly string[],
): SampleMoments {
  const total: SampleMoments = { n: 0, sum: 0, sumOfSquares: 0 };
  for (const { waveId, moments } of profiles) {
    const weights = weightsByWave.get(waveId);
    const scales = scalesByWave.get(waveId);
    if (!weights || !scales) continue;
    const terms = moments.pattern.flatMap((variable, i) => {
      const weight = weights.get(variable) ?? 0;
      if (variable === OVERALL || !(weight > 0) || (attributes && !attributes.includes(variable))) return [];
      const scale = scales.get(variable);
      if (!scale) throw new Error(`No scale for attribute ${variable} in wave ${waveId}`);
      return [{ i, weight, scale }];
    });
    const totalWeight = terms.reduce((sum, term) => sum + term.weight, 0);
    if (!(totalWeight > 0)) continue;
    const slopes = terms.map(({ weight, scale }) => (100 * weight) / (totalWeight * (scale.max - scale.min)));
    const intercept = -terms.reduce((sum, { scale }, t) => sum + slopes[t] * scale.min, 0);
    const m = moments.pattern.length;
    const n = moments.respondents;
    const linearSum = terms.reduce((sum, { i }, t) => sum + slopes[t] * moments.sums[i], 0);
    let quadraticSum = 0;
    terms.forEach((a, s) => {
      terms.forEach((b, t) => {
        const index = triangleIndex(Math.min(a.i, b.i), Math.max(a.i, b.i), m);
        quadraticSum += slopes[s] * slopes[t] * moments.crossProducts[index];
      });
    });
    total.n += n;
    total.sum += linearSum + n * intercept;
    total.sumOfSquares += quadraticSum + 2 * intercept * linearSum + n * intercept ** 2;
  }
  return total;
}
