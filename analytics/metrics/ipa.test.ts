import { describe, expect, it } from 'vitest';
import { ipaQuadrants } from './ipa.ts';

describe('ipaQuadrants', () => {
  it('places attributes against the mean importance and mean performance by default', () => {
    const result = ipaQuadrants([
      { key: 'delivery', importance: 4.5, performance: 3.0 },
      { key: 'quality', importance: 4.6, performance: 4.4 },
      { key: 'packaging', importance: 2.5, performance: 3.1 },
      { key: 'website', importance: 2.4, performance: 4.5 },
    ]);
    expect(result).toEqual([
      { key: 'delivery', quadrant: 'concentrate' },
      { key: 'quality', quadrant: 'keep' },
      { key: 'packaging', quadrant: 'low-priority' },
      { key: 'website', quadrant: 'overkill' },
    ]);
  });

  it('counts a value equal to the crosshair as high', () => {
    const result = ipaQuadrants([{ key: 'delivery', importance: 4, performance: 3 }], {
      importance: 4,
      performance: 3,
    });
    expect(result).toEqual([{ key: 'delivery', quadrant: 'keep' }]);
  });

  it('counts a value on a computed mean crosshair as high despite rounding', () => {
    // The mean of 0.1, 0.2 and 0.3 is 0.20000000000000004 in floating point.
    const result = ipaQuadrants([
      { key: 'a', importance: 0.1, performance: 0.1 },
      { key: 'b', importance: 0.2, performance: 0.2 },
      { key: 'c', importance: 0.3, performance: 0.3 },
    ]);
    expect(result?.find((placement) => placement.key === 'b')?.quadrant).toBe('keep');
  });

  it('leaves out attributes missing a coordinate, also from the crosshair', () => {
    const result = ipaQuadrants([
      { key: 'a', importance: 1, performance: 1 },
      { key: 'b', importance: 3, performance: 3 },
      { key: 'c', importance: null, performance: 100 },
    ]);
    expect(result).toEqual([
      { key: 'a', quadrant: 'low-priority' },
      { key: 'b', quadrant: 'keep' },
    ]);
  });

  it('returns null when no attribute can be placed', () => {
    expect(ipaQuadrants([])).toBeNull();
    expect(ipaQuadrants([{ key: 'a', importance: Number.NaN, performance: 2 }])).toBeNull();
  });
});
