import { describe, expect, it } from 'vitest';
import { filterQuery } from './analytics-params.ts';
import { parseAnalyticsParams } from './analytics-params.server.ts';

const unit = '5b8e2f0a-3c1d-4e5f-8a9b-0c1d2e3f4a5b';

describe('parseAnalyticsParams', () => {
  it('reads repeated filters and the view choices', () => {
    const params = parseAnalyticsParams(
      new URLSearchParams(
        `size=large&size=medium&unit=${unit}&vip=yes&metric=csi&by=product&importance=stated`,
      ),
    );
    expect(params).toMatchObject({
      sizes: ['large', 'medium'],
      units: [unit],
      vip: true,
      metric: 'csi',
      by: 'product',
      importance: 'stated',
      wave: null,
      page: 1,
    });
  });

  it('drops malformed values instead of failing the page', () => {
    const params = parseAnalyticsParams(
      new URLSearchParams(
        "size=huge&unit=1;drop&manager=x&metric=revenue&by=password&page=-3&wave=latest&attribute=A'1",
      ),
    );
    expect(params).toMatchObject({
      sizes: [],
      units: [],
      managers: [],
      metric: 'nps',
      by: 'size',
      page: 1,
      wave: null,
      attribute: null,
    });
  });
});

describe('filterQuery', () => {
  it('keeps the shared filters and leaves view-specific choices and paging behind', () => {
    expect(filterQuery(new URLSearchParams('wave=all&size=large&metric=csi&page=3&q=late&region='))).toBe(
      '?wave=all&size=large',
    );
  });
});
