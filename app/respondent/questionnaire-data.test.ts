import { describe, expect, it } from 'vitest';
import { scriptSafeJson } from './questionnaire-data.ts';

describe('scriptSafeJson', () => {
  it('cannot end the script element it is written into, and parses back to the same value', () => {
    const value = { clientName: '</script><script>alert(1)</script> & <!-- \u2028\u2029', n: [1, 2] };
    const json = scriptSafeJson(value);
    expect(json).not.toMatch(/<|>|&|\u2028|\u2029/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
