import { describe, expect, it } from 'vitest';
import {
  aaporRates,
  benjaminiHochberg,
  cronbachAlpha,
  csi,
  ipaQuadrants,
  meanSummary,
  nps,
  npsDifference,
  relativeWeights,
  sizeSegment,
  topBox,
  twoProportionZTest,
  welchTTest,
} from './index.ts';

describe('index', () => {
  it('exports every metric under its METHODOLOGY name', () => {
    const metrics = {
      nps,
      npsDifference,
      topBox,
      meanSummary,
      csi,
      relativeWeights,
      ipaQuadrants,
      cronbachAlpha,
      welchTTest,
      twoProportionZTest,
      benjaminiHochberg,
      aaporRates,
      sizeSegment,
    };
    for (const [name, metric] of Object.entries(metrics)) expect(typeof metric, name).toBe('function');
  });
});
