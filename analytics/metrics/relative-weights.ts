import { EigenvalueDecomposition, Matrix, solve } from 'ml-matrix';
import { isPresent, mean, sampleVariance, sum } from './sample.ts';
import type { Maybe } from './types.ts';

export interface RelativeWeights {
  rSquared: number;
  /** Raw relative weights per column of X; they sum to rSquared. */
  weights: number[];
  /** Share of rSquared per column, 0–100. */
  percent: number[];
}

/** Below this an eigenvalue of the correlation matrix counts as zero (collinear attributes). */
const SINGULAR_EIGENVALUE = 1e-10;

/**
 * Johnson's (2000) relative weights of attributes X (respondents × attributes) for the overall
 * score y, on complete cases. Null when there are too few cases, an attribute or y has no spread,
 * or attributes are collinear (the weights are then not identified).
 */
export function relativeWeights(
  x: readonly (readonly Maybe<number>[])[],
  y: readonly Maybe<number>[],
): RelativeWeights | null {
  const attributeCount = x[0]?.length ?? 0;
  const cases = completeCases(x, y, attributeCount);
  if (attributeCount === 0 || cases.length < attributeCount + 2) return null;
  const columns = standardisedColumns(
    cases.map((row) => row.x),
    attributeCount,
  );
  const outcome = standardise(cases.map((row) => row.y));
  if (!columns || !outcome) return null;
  return relativeWeightsFromCorrelations(
    columns.map((column) => columns.map((other) => correlation(column, other))),
    columns.map((column) => correlation(column, outcome)),
  );
}

/**
 * The same weights from the attributes' correlation matrix R and their correlations with y, which
 * SQL can build from sums of cross-products without loading respondents. Null when R is singular.
 */
export function relativeWeightsFromCorrelations(
  attributeCorrelations: readonly (readonly number[])[],
  outcomeCorrelations: readonly number[],
): RelativeWeights | null {
  const attributeCount = outcomeCorrelations.length;
  if (attributeCount === 0) return null;
  const root = symmetricSquareRoot(new Matrix(attributeCorrelations.map((row) => [...row])));
  if (!root) return null;
  const beta = solve(root, Matrix.columnVector([...outcomeCorrelations])).getColumn(0);
  const weights = Array.from({ length: attributeCount }, (_, j) =>
    sum(beta.map((betaK, k) => root.get(j, k) ** 2 * betaK ** 2)),
  );
  const rSquared = sum(weights);
  if (!(rSquared > 0)) return null;
  return { rSquared, weights, percent: weights.map((weight) => (100 * weight) / rSquared) };
}

interface CompleteCase {
  x: readonly number[];
  y: number;
}

function completeCases(
  x: readonly (readonly Maybe<number>[])[],
  y: readonly Maybe<number>[],
  attributeCount: number,
): CompleteCase[] {
  const cases: CompleteCase[] = [];
  x.forEach((row, i) => {
    const outcome = y[i];
    if (row.length === attributeCount && row.every(isPresent) && isPresent(outcome)) {
      cases.push({ x: row, y: outcome });
    }
  });
  return cases;
}

function standardisedColumns(
  rows: readonly (readonly number[])[],
  attributeCount: number,
): number[][] | null {
  const columns: number[][] = [];
  for (let j = 0; j < attributeCount; j += 1) {
    const column = standardise(rows.map((row) => row[j]));
    if (!column) return null;
    columns.push(column);
  }
  return columns;
}

/** z-scores with the sample sd, so that a dot product / (n − 1) is a Pearson correlation. */
function standardise(values: number[]): number[] | null {
  const sd = Math.sqrt(sampleVariance(values));
  if (!(sd > 0)) return null;
  const centre = mean(values);
  return values.map((value) => (value - centre) / sd);
}

function correlation(a: number[], b: number[]): number {
  return sum(a.map((value, i) => value * b[i])) / (a.length - 1);
}

/** L = VΛ^½Vᵀ of a correlation matrix R = VΛVᵀ; null when R is singular. */
function symmetricSquareRoot(correlations: Matrix): Matrix | null {
  const decomposition = new EigenvalueDecomposition(correlations, { assumeSymmetric: true });
  const eigenvalues = decomposition.realEigenvalues;
  if (eigenvalues.some((eigenvalue) => eigenvalue < SINGULAR_EIGENVALUE)) return null;
  const vectors = decomposition.eigenvectorMatrix;
  const rootValues = Matrix.diag(eigenvalues.map(Math.sqrt));
  return vectors.mmul(rootValues).mmul(vectors.transpose());
}
