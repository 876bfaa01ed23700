import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { relativeWeights } from './relative-weights.ts';

const ATTRIBUTES = ['complaints', 'privileges', 'learning', 'raises', 'critical', 'advance'] as const;

// R's `attitude` data, kept beside the repository in shared/data.
function readAttitude(): { x: number[][]; y: number[] } {
  const [header, ...lines] = readFileSync(
    new URL('../../../shared/data/attitude.csv', import.meta.url),
    'utf8',
  )
    .trim()
    .split('\n')
    .map((line) => line.split(','));
  const column = (name: string) => header.indexOf(name);
  return {
    x: lines.map((cells) => ATTRIBUTES.map((name) => Number(cells[column(name)]))),
    y: lines.map((cells) => Number(cells[column('rating')])),
  };
}

describe('relativeWeights', () => {
  const { x, y } = readAttitude();

  it('matches the METHODOLOGY reference on the attitude data', () => {
    const result = relativeWeights(x, y);
    expect(result?.rSquared).toBeCloseTo(0.732602, 6);
    const expected = {
      complaints: 0.36276,
      privileges: 0.056,
      learning: 0.16361,
      raises: 0.12178,
      critical: 0.00826,
      advance: 0.02019,
    };
    for (const [j, name] of ATTRIBUTES.entries())
      expect(result?.weights[j], name).toBeCloseTo(expected[name], 5);
  });

  it('gives percentages of R² that sum to 100', () => {
    const percent = relativeWeights(x, y)?.percent ?? [];
    expect(percent.reduce((total, share) => total + share, 0)).toBeCloseTo(100, 10);
    expect(percent[0]).toBeCloseTo((100 * 0.36276) / 0.732602, 2);
  });

  it('uses complete cases only', () => {
    const withGaps = relativeWeights([...x, [1, null, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6]], [...y, 50, null]);
    expect(withGaps).toEqual(relativeWeights(x, y));
  });

  it('returns null when attributes are collinear', () => {
    expect(
      relativeWeights(
        x.map((row) => [...row, row[0]]),
        y,
      ),
    ).toBeNull();
  });

  it('returns null when an attribute or the overall score has no spread', () => {
    expect(
      relativeWeights(
        x.map((row) => [...row, 3]),
        y,
      ),
    ).toBeNull();
    expect(
      relativeWeights(
        x,
        y.map(() => 4),
      ),
    ).toBeNull();
  });

  it('returns null for too few cases', () => {
    expect(relativeWeights([], [])).toBeNull();
    expect(relativeWeights(x.slice(0, 7), y.slice(0, 7))).toBeNull();
  });
});
