import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from './multiple-testing.ts';

describe('benjaminiHochberg', () => {
  it('rejects the first four of the 15 p-values in Benjamini & Hochberg (1995) at q = 0.05', () => {
    const pValues = [
      0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528,
      0.759, 1,
    ];
    const significant = benjaminiHochberg(pValues);
    expect(significant).toEqual(pValues.map((_, i) => i < 4));
  });

  it('steps up: a p-value under its threshold carries the smaller ones above theirs', () => {
    expect(benjaminiHochberg([0.02, 0.03, 0.035, 0.04])).toEqual([true, true, true, true]);
    expect(benjaminiHochberg([0.01, 0.035, 0.04, 0.2])).toEqual([true, false, false, false]);
  });

  it('answers in the order the p-values were given', () => {
    expect(benjaminiHochberg([0.2, 0.04, 0.01, 0.035])).toEqual([false, false, true, false]);
  });

  it('uses q', () => {
    expect(benjaminiHochberg([0.01, 0.035, 0.04, 0.2], 0.25)).toEqual([true, true, true, true]);
  });

  it('leaves missing p-values out of m and marks them not significant', () => {
    expect(benjaminiHochberg([0.01, null, 0.04])).toEqual([true, false, true]);
  });

  it('returns null without any p-value', () => {
    expect(benjaminiHochberg([])).toBeNull();
    expect(benjaminiHochberg([null, Number.NaN])).toBeNull();
  });
});
