import { describe, expect, it } from 'vitest';
import { shareOfBusiness } from './share-of-business.ts';

describe('share of business served', () => {
  it('divides our volume by the client total over the products where the total is known', () => {
    const result = shareOfBusiness([
      { ourVolume: 30, totalVolume: 100 },
      { ourVolume: 50, totalVolume: 100 },
      { ourVolume: 999, totalVolume: null },
    ]);
    expect(result.share).toBeCloseTo(0.4);
    expect(result.ourVolume).toBe(80);
    expect(result.totalVolume).toBe(200);
    expect(result.unservedVolume).toBe(120);
    expect(result.products).toBe(2);
  });

  it('counts a product with no volume of ours as unserved', () => {
    expect(shareOfBusiness([{ ourVolume: null, totalVolume: 40 }]).share).toBe(0);
  });

  it('caps our volume at a reported total below it', () => {
    const result = shareOfBusiness([
      { ourVolume: 120, totalVolume: 100 },
      { ourVolume: 0, totalVolume: 100 },
    ]);
    expect(result.share).toBeCloseTo(0.5);
    expect(result.unservedVolume).toBe(100);
  });

  it('has no share when no total is known or totals are zero', () => {
    expect(shareOfBusiness([{ ourVolume: 10, totalVolume: null }]).share).toBeNull();
    expect(shareOfBusiness([{ ourVolume: 0, totalVolume: 0 }]).share).toBeNull();
    expect(shareOfBusiness([]).products).toBe(0);
  });
});
