import { describe, expect, it } from 'vitest';
import { rankTargetSegments, roomToImprove, weakestAttributes } from './target-segments.ts';

const base = { clients: 100, revenue: 1000, potential: 500 };

describe('target-segment ranking', () => {
  it('weighs a segment by its shares of clients, revenue and potential', () => {
    const [segment] = rankTargetSegments(
      [{ key: 'a', clients: 20, revenue: 500, potential: 50, csi: 60, nps: null }],
      base,
    );
    expect(segment.clientShare).toBeCloseTo(0.2);
    expect(segment.revenueShare).toBeCloseTo(0.5);
    expect(segment.potentialShare).toBeCloseTo(0.1);
    expect(segment.weight).toBeCloseTo(0.8 / 3);
    expect(segment.roomToImprove).toBeCloseTo(0.4);
    expect(segment.priority).toBeCloseTo((0.8 / 3) * 0.4);
  });

  it('leaves potential out of the weight when no client total is known anywhere', () => {
    const [segment] = rankTargetSegments(
      [{ key: 'a', clients: 20, revenue: 500, potential: null, csi: null, nps: 20 }],
      { clients: 100, revenue: 1000, potential: 0 },
    );
    expect(segment.potentialShare).toBeNull();
    expect(segment.weight).toBeCloseTo(0.35);
    expect(segment.roomToImprove).toBeCloseTo(0.4);
  });

  it('puts weighty, less satisfied segments first and small ones last whatever their score', () => {
    const ranked = rankTargetSegments(
      [
        { key: 'small-unhappy', clients: 1, revenue: 5, potential: 0, csi: 10, nps: null },
        { key: 'big-happy', clients: 40, revenue: 400, potential: 200, csi: 90, nps: null },
        { key: 'big-unhappy', clients: 40, revenue: 400, potential: 200, csi: 50, nps: null },
        { key: 'big-unknown', clients: 19, revenue: 195, potential: 100, csi: null, nps: null },
      ],
      base,
    );
    expect(ranked.map((segment) => [segment.key, segment.rank])).toEqual([
      ['big-unhappy', 1],
      ['big-happy', 2],
      ['big-unknown', 3],
      ['small-unhappy', 4],
    ]);
    expect(ranked[3].weighty).toBe(false);
  });

  it('takes the minimum weight as an option', () => {
    const [segment] = rankTargetSegments(
      [{ key: 'a', clients: 10, revenue: 100, potential: 50, csi: 50, nps: null }],
      base,
      { minWeight: 0.2 },
    );
    expect(segment.weighty).toBe(false);
  });

  it('reads room to improve from CSI first, then NPS', () => {
    expect(roomToImprove({ csi: 75, nps: -100 })).toBeCloseTo(0.25);
    expect(roomToImprove({ csi: null, nps: -100 })).toBe(1);
    expect(roomToImprove({ csi: null, nps: null })).toBeNull();
  });
});

describe('what a segment is missing', () => {
  it('lists the attributes whose importance most exceeds their performance', () => {
    expect(
      weakestAttributes(
        [
          { key: 'price', importance: 4.5, performance: 3.0 },
          { key: 'delivery', importance: 4.0, performance: 3.8 },
          { key: 'quality', importance: 4.8, performance: 4.9 },
          { key: 'support', importance: null, performance: 2 },
          { key: 'documents', importance: 3.9, performance: 3.0 },
        ],
        2,
      ).map((attribute) => [attribute.key, Number(attribute.gap.toFixed(2))]),
    ).toEqual([
      ['price', 1.5],
      ['documents', 0.9],
    ]);
  });
});
