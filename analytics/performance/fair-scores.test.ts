import { describe, expect, it } from 'vitest';
import { fairScores, type PortfolioAccount } from './fair-scores.ts';

let sequence = 0;
function account(
  managerId: string,
  size: string,
  csi: number,
  netScore: number | null = null,
): PortfolioAccount {
  sequence += 1;
  return { clientId: `c${sequence}`, managerId, size, industrySection: 'C', csi, netScore };
}

describe('fairScores', () => {
  it('compares each portfolio with what its mix of sizes predicts (case mix)', () => {
    // Large cell: 70, 90, 80, 80, 80 → mean 80; small cell: 30, 50 ×4 → mean 46; overall 63.
    const accounts = [
      account('a', 'large', 70),
      account('a', 'large', 90),
      account('a', 'small', 30),
      account('b', 'large', 80),
      account('b', 'large', 80),
      account('b', 'large', 80),
      ...[1, 2, 3, 4].map(() => account('b', 'small', 50)),
    ];
    const result = fairScores(accounts, 'csi');
    expect(result?.mean).toBeCloseTo(63, 10);
    const [a, b] = result?.managers ?? [];
    expect(a.observed).toBeCloseTo(190 / 3, 10);
    expect(a.expected).toBeCloseTo((80 + 80 + 46) / 3, 10);
    // A mostly-large portfolio is expected to score high; it scores below that, so it adjusts down.
    expect(a.adjusted).toBeCloseTo(63 + 190 / 3 - 206 / 3, 10);
    expect(b.expected).toBeCloseTo((3 * 80 + 4 * 46) / 7, 10);
    expect(b.adjusted).toBeCloseTo(63 + 440 / 7 - 424 / 7, 10);
  });

  it('shrinks by B = τ²/(τ² + σ²/n) with its interval', () => {
    // One cell of six: expected = 50 for all. σ² = 200 (each pair 20 apart), σ²/n = 100;
    // the manager means 70, 50, 30 vary by 400, so τ² = 300 and B = 0.75.
    const accounts = [
      account('a', 'small', 60),
      account('a', 'small', 80),
      account('b', 'small', 40),
      account('b', 'small', 60),
      account('c', 'small', 20),
      account('c', 'small', 40),
    ];
    const [a, b, c] = fairScores(accounts, 'csi')?.managers ?? [];
    expect(a.reliability).toBeCloseTo(0.75, 12);
    expect(a.shrunk).toBeCloseTo(65, 10);
    expect(b.shrunk).toBeCloseTo(50, 10);
    expect(c.shrunk).toBeCloseTo(35, 10);
    expect(a.ci95[0]).toBeCloseTo(65 - 1.959964 * Math.sqrt(75), 5);
    expect(a.effectiveN).toBe(2);
    expect(a.versusMean).toBe('overlaps');
  });

  it('scores account NPS on −100…100 from the net scores', () => {
    const accounts = [
      account('a', 'small', 0, 1),
      account('a', 'small', 0, 1),
      account('b', 'small', 0, -1),
      account('b', 'small', 0, 0),
      account('b', 'small', 0, -1),
    ];
    const result = fairScores(accounts, 'nps');
    expect(result?.mean).toBeCloseTo(0, 12);
    expect(result?.managers[0].observed).toBeCloseTo(100, 12);
    expect(result?.managers[1].observed).toBeCloseTo(-200 / 3, 10);
  });

  it('returns null with a single manager', () => {
    expect(fairScores([account('a', 'small', 50), account('a', 'small', 60)], 'csi')).toBeNull();
  });
});
