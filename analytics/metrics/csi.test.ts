import { describe, expect, it } from 'vitest';
import { csi, equalWeights, respondentCsi, statedImportanceWeights } from './csi.ts';
import { meanSummary } from './means.ts';

const satisfaction = { min: 1, max: 5 };
const weights = { speed: 3, price: 1 };

describe('respondentCsi', () => {
  it('rescales answers to 0–100 and weights them', () => {
    expect(respondentCsi({ speed: 5, price: 1 }, weights, satisfaction)).toBeCloseTo(75, 12);
    expect(respondentCsi({ speed: 3, price: 5 }, weights, satisfaction)).toBeCloseTo(62.5, 12);
  });

  it('re-weights over the attributes the respondent answered', () => {
    expect(respondentCsi({ speed: null, price: 4 }, weights, satisfaction)).toBeCloseTo(75, 12);
  });

  it('ignores attributes without a positive weight', () => {
    expect(
      respondentCsi({ speed: 5, price: 1, colour: 1 }, { ...weights, colour: 0 }, satisfaction),
    ).toBeCloseTo(75, 12);
  });

  it('returns null when no weighted attribute was answered', () => {
    expect(respondentCsi({ colour: 5 }, weights, satisfaction)).toBeNull();
  });
});

describe('csi', () => {
  it('averages the respondents’ CSI and takes the interval from meanSummary', () => {
    const rows = [{ speed: 5, price: 1 }, { speed: 3, price: 5 }, { price: 4 }, { speed: null }];
    const result = csi(rows, weights, satisfaction);
    expect(result?.n).toBe(3);
    expect(result?.score).toBeCloseTo(70.833333, 6);
    expect(result?.ci95).toEqual(meanSummary([75, 62.5, 75])?.ci95);
  });

  it('with equal weights is the rescaled mean of the answered attributes', () => {
    const result = csi([{ speed: 5, price: 1 }], equalWeights(['speed', 'price']), satisfaction);
    expect(result).toEqual({ n: 1, score: 50, ci95: null });
  });

  it('returns null for an empty sample', () => {
    expect(csi([], weights, satisfaction)).toBeNull();
    expect(csi([{ speed: null }], weights, satisfaction)).toBeNull();
  });
});

describe('statedImportanceWeights', () => {
  it('takes the mean importance of each attribute over the wave', () => {
    const importance = [
      { speed: 5, price: 2 },
      { speed: 4, price: null },
      { speed: 3, price: 4 },
    ];
    expect(statedImportanceWeights(importance, satisfaction)).toEqual({ speed: 4, price: 3 });
  });
});
