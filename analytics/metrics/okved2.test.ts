import { describe, expect, it } from 'vitest';
import { INDUSTRY_SECTIONS, industrySection, isValidOkved2 } from './okved2.ts';

describe('isValidOkved2', () => {
  it('accepts codes from class to sub-subgroup level', () => {
    for (const code of ['01', '01.1', '01.11', '01.11.1', '47.11.21', '62.01'])
      expect(isValidOkved2(code), code).toBe(true);
  });

  it('rejects malformed codes', () => {
    for (const code of ['', '1', '011', '62-01', '62.011', '62.01.123', '62.', ' 62.01', 'J']) {
      expect(isValidOkved2(code), code).toBe(false);
    }
  });

  it('rejects well-formed codes of classes that do not exist', () => {
    for (const code of ['00', '04.1', '34', '40', '44', '48', '54', '57', '67', '76', '83', '89']) {
      expect(isValidOkved2(code), code).toBe(false);
    }
  });
});

describe('industrySection', () => {
  it('looks the section up from the two-digit class', () => {
    const cases: [string, string][] = [
      ['01.11', 'A'],
      ['03', 'A'],
      ['06.10', 'B'],
      ['10.1', 'C'],
      ['33.12', 'C'],
      ['35.11', 'D'],
      ['39', 'E'],
      ['41.2', 'F'],
      ['47.11', 'G'],
      ['53', 'H'],
      ['56.10', 'I'],
      ['62.01', 'J'],
      ['64.19', 'K'],
      ['68.20', 'L'],
      ['75', 'M'],
      ['82.99', 'N'],
      ['84.11', 'O'],
      ['85.1', 'P'],
      ['88', 'Q'],
      ['93.29', 'R'],
      ['96.02', 'S'],
      ['98', 'T'],
      ['99', 'U'],
    ];
    for (const [code, section] of cases) expect(industrySection(code), code).toBe(section);
  });

  it('returns null for an invalid code', () => {
    expect(industrySection('04')).toBeNull();
    expect(industrySection('abc')).toBeNull();
  });
});

describe('INDUSTRY_SECTIONS', () => {
  it('lists sections A–U in order with English and Russian names', () => {
    expect(INDUSTRY_SECTIONS.map((info) => info.section).join('')).toBe('ABCDEFGHIJKLMNOPQRSTU');
    for (const info of INDUSTRY_SECTIONS) {
      expect(info.nameEn).toMatch(/^[A-Z]/);
      expect(info.nameRu).toMatch(/^[А-Я]/);
    }
  });

  it('covers the 88 two-digit classes of OKVED2 without overlap', () => {
    const classes = INDUSTRY_SECTIONS.flatMap(({ classes: [first, last] }) =>
      Array.from({ length: last - first + 1 }, (_, offset) => first + offset),
    );
    expect(classes).toHaveLength(88);
    expect(new Set(classes).size).toBe(88);
    expect([...classes].sort((a, b) => a - b)).toEqual(classes);
  });
});
