import type { UIMatch } from '@remix-run/react';
import { describe, expect, it } from 'vitest';
import { pageLanguage, respondentLanguage, wantsHydration } from './route-handle.ts';

const match = (handle: unknown, data: unknown = null) =>
  ({ id: 'x', pathname: '/', params: {}, data, handle }) as UIMatch;

describe('route handles', () => {
  it('hydrates unless a matched route says hydrate: false', () => {
    expect(wantsHydration([match(undefined), match({})])).toBe(true);
    expect(wantsHydration([match(undefined), match({ hydrate: false })])).toBe(false);
  });

  it("takes the document's language from the deepest route that names one", () => {
    const respondent = match({ language: respondentLanguage }, { language: 'en' });
    expect(pageLanguage([match(undefined), respondent])).toBe('en');
    expect(
      pageLanguage([match(undefined), match({ language: respondentLanguage }, { state: 'invalid' })]),
    ).toBe(undefined);
  });
});
