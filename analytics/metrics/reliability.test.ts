import { describe, expect, it } from 'vitest';
import { cronbachAlpha } from './reliability.ts';

const answers = [
  [3, 4, 3, 5],
  [2, 2, 3, 2],
  [4, 5, 4, 4],
  [5, 4, 5, 5],
  [1, 2, 2, 1],
  [3, 3, 4, 3],
];

describe('cronbachAlpha', () => {
  it('computes alpha from sample variances (k = 4, hand-checked 0.934253)', () => {
    expect(cronbachAlpha(answers)).toBeCloseTo(0.934253, 6);
  });

  it('uses complete cases only', () => {
    expect(cronbachAlpha([...answers, [1, null, 5, 5], [5, 1, Number.NaN, 1]])).toBeCloseTo(0.934253, 6);
  });

  it('is 1 for perfectly parallel items', () => {
    expect(
      cronbachAlpha([
        [1, 1],
        [2, 2],
        [3, 3],
      ]),
    ).toBeCloseTo(1, 12);
  });

  it('returns null with fewer than two items or respondents', () => {
    expect(cronbachAlpha([])).toBeNull();
    expect(cronbachAlpha([[1], [2], [3]])).toBeNull();
    expect(cronbachAlpha([[1, 2, 3]])).toBeNull();
  });

  it('returns null when total scores have no spread', () => {
    expect(
      cronbachAlpha([
        [2, 2],
        [2, 2],
      ]),
    ).toBeNull();
  });
});
