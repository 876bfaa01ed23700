import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shrinkManagerScores } from '../metrics/index.ts';
import { fairScores } from './fair-scores.ts';

const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

describe('shrinkage (property)', () => {
  it('never moves a score away from the mean, nor across it', () => {
    fc.assert(
      fc.property(
        finite(-100, 100),
        finite(0, 5_000),
        fc.array(fc.record({ n: fc.integer({ min: 1, max: 200 }), adjusted: finite(-100, 100) }), {
          minLength: 2,
          maxLength: 30,
        }),
        (mean, withinVariance, estimates) => {
          const managers = estimates.map((estimate, i) => ({ managerId: `m${i}`, ...estimate }));
          const result = shrinkManagerScores({ managers, mean, withinVariance });
          expect(result).not.toBeNull();
          for (const [i, manager] of (result?.managers ?? []).entries()) {
            const before = managers[i].adjusted - mean;
            const after = manager.shrunk - mean;
            expect(Math.abs(after)).toBeLessThanOrEqual(Math.abs(before) + 1e-9);
            expect(after * before).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps every fair score between its adjusted score and the company mean', () => {
    const accountArbitrary = fc.record({
      managerId: fc.constantFrom('a', 'b', 'c', 'd'),
      size: fc.constantFrom('small', 'medium', 'large'),
      industrySection: fc.constantFrom('C', 'G'),
      csi: finite(0, 100),
    });
    fc.assert(
      fc.property(fc.array(accountArbitrary, { minLength: 4, maxLength: 60 }), (rows) => {
        const accounts = rows.map((row, i) => ({ ...row, clientId: `c${i}`, netScore: null }));
        const result = fairScores(accounts, 'csi');
        for (const manager of result?.managers ?? []) {
          const low = Math.min(manager.adjusted, result!.mean) - 1e-9;
          const high = Math.max(manager.adjusted, result!.mean) + 1e-9;
          expect(manager.shrunk).toBeGreaterThanOrEqual(low);
          expect(manager.shrunk).toBeLessThanOrEqual(high);
        }
      }),
      { numRuns: 300 },
    );
  });
});
