import { describe, expect, it } from 'vitest';
import {
  standardNormalCdf,
  studentTQuantile,
  twoSidedNormalP,
  twoSidedStudentP,
  Z95,
} from './distributions.ts';

describe('distributions', () => {
  it('uses z = 1.959964 as the 97.5% normal quantile', () => {
    expect(standardNormalCdf(Z95)).toBeCloseTo(0.975, 7);
    expect(twoSidedNormalP(-Z95)).toBeCloseTo(0.05, 7);
  });

  it('gives Student t quantiles and two-sided p-values', () => {
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228139, 6);
    expect(twoSidedStudentP(2.228139, 10)).toBeCloseTo(0.05, 6);
  });
});
