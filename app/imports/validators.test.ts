import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZE_THRESHOLDS } from '#analytics/metrics/size-segment.ts';
import { contactRoles, vipCriteria } from '#db/schema/domain.ts';
import { cleanMapping, columnLetter, guessMapping, layoutKeyOf, missingRequiredFields } from './fields.ts';
import { checkRows, type ImportReferences } from './row-checks.server.ts';
import {
  parseAmount,
  parseBoolean,
  parseChoice,
  parseChoiceList,
  parseCount,
  parseDate,
  parseEmail,
  parseInn,
  parseOkved2,
} from './validators.ts';

const value = <T>(result: { ok: true; value: T } | { ok: false; code: string }) =>
  result.ok ? result.value : `error:${result.code}`;

describe('row validators', () => {
  it('checks INN check digits for 10 and 12 digits', () => {
    expect(value(parseInn('7707083893'))).toBe('7707083893');
    expect(value(parseInn('7707 083 893'))).toBe('7707083893');
    expect(value(parseInn('7707083894'))).toBe('error:inn');
    expect(value(parseInn('500100732259'))).toBe('500100732259');
    expect(value(parseInn('500100732258'))).toBe('error:inn');
    expect(value(parseInn('770708389'))).toBe('error:inn');
  });

  it('accepts OKVED2 codes of existing classes and derives the section', () => {
    expect(value(parseOkved2('46.90'))).toEqual({ code: '46.90', section: 'G' });
    expect(value(parseOkved2('10.11.1'))).toEqual({ code: '10.11.1', section: 'C' });
    expect(value(parseOkved2('01'))).toEqual({ code: '01', section: 'A' });
    expect(value(parseOkved2('46.9.'))).toBe('error:okved2');
    expect(value(parseOkved2('00.11'))).toBe('error:okved2');
    expect(value(parseOkved2('4690'))).toBe('error:okved2');
  });

  it('reads amounts written the Russian and the English way, exactly', () => {
    expect(value(parseAmount('1500000000'))).toBe('1500000000');
    expect(value(parseAmount('1 234 567,89'))).toBe('1234567.89');
    expect(value(parseAmount('1\u00a0234\u00a0567,5'))).toBe('1234567.5');
    expect(value(parseAmount('1,234,567.89'))).toBe('1234567.89');
    expect(value(parseAmount('1.234.567,89'))).toBe('1234567.89');
    expect(value(parseAmount('12.50'))).toBe('12.5');
    expect(value(parseAmount('0.00'))).toBe('0');
    expect(value(parseAmount('-0'))).toBe('0');
    expect(value(parseAmount('-5'))).toBe('error:negative');
    expect(value(parseAmount('12,345'))).toBe('error:number');
    expect(value(parseAmount('1.2.3'))).toBe('error:number');
    expect(value(parseAmount('abc'))).toBe('error:number');
    expect(value(parseAmount('1e6'))).toBe('error:number');
  });

  it('reads whole counts', () => {
    expect(value(parseCount('250'))).toBe(250);
    expect(value(parseCount('2 500'))).toBe(2500);
    expect(value(parseCount('12.5'))).toBe('error:integer');
    expect(value(parseCount('99999999999'))).toBe('error:number');
  });

  it('reads ISO and Russian dates and refuses impossible ones', () => {
    expect(value(parseDate('2015-03-09'))).toBe('2015-03-09');
    expect(value(parseDate('2015-03-09T00:00:00.000Z'))).toBe('2015-03-09');
    expect(value(parseDate('09.03.2015'))).toBe('2015-03-09');
    expect(value(parseDate('9.3.2015'))).toBe('2015-03-09');
    expect(value(parseDate('31.02.2020'))).toBe('error:date');
    expect(value(parseDate('2020-13-01'))).toBe('error:date');
    expect(value(parseDate('03/09/2015'))).toBe('error:date');
    expect(value(parseDate('42064'))).toBe('error:date');
    expect(value(parseDate('1800-01-01'))).toBe('error:dateRange');
  });

  it('checks e-mails and yes/no in both languages', () => {
    expect(value(parseEmail('ivanov@romashka.ru'))).toBe('ivanov@romashka.ru');
    expect(value(parseEmail('ivanov@romashka'))).toBe('error:email');
    expect(value(parseEmail('ivanov romashka.ru'))).toBe('error:email');
    expect(value(parseBoolean('Да'))).toBe(true);
    expect(value(parseBoolean('no'))).toBe(false);
    expect(value(parseBoolean('maybe'))).toBe('error:boolean');
  });

  it('takes a choice by key or by label, and a list in the vocabulary order', () => {
    const labels = new Map([['лицо, принимающее решение', 'decision_maker' as const]]);
    expect(value(parseChoice('Decision maker', contactRoles, labels))).toBe('decision_maker');
    expect(value(parseChoice('Лицо, принимающее решение', contactRoles, labels))).toBe('decision_maker');
    expect(value(parseChoice('boss', contactRoles, labels))).toBe('error:choice');
    expect(value(parseChoiceList('growth_industry; own_group', vipCriteria, new Map()))).toEqual([
      'own_group',
      'growth_industry',
    ]);
    expect(value(parseChoiceList('', vipCriteria, new Map()))).toEqual([]);
    expect(value(parseChoiceList('own_group, rich', vipCriteria, new Map()))).toBe('error:vipCriterion');
  });
});

describe('column mapping', () => {
  it('recognises the export headers in either language and common aliases', () => {
    expect(guessMapping('clients', ['ИНН', 'Наименование', 'ОКВЭД', 'Регион', 'Филиал'])).toEqual({
      inn: 0,
      name: 1,
      okved2: 2,
      region: 3,
      unit: 4,
    });
    expect(guessMapping('contacts', ['Client INN', 'E-mail', 'ФИО', 'Role'])).toEqual({
      client_inn: 0,
      email: 1,
      full_name: 2,
      role: 3,
    });
  });

  it('keys a layout by its normalised headers and drops impossible mappings', () => {
    expect(layoutKeyOf([' ИНН ', 'Revenue,  RUB'])).toBe(layoutKeyOf(['инн', 'revenue rub']));
    expect(cleanMapping('groups', { name: 3, bogus: 0 }, 2)).toEqual({});
    expect(cleanMapping('clients', { inn: 0, name: 0 }, 2)).toEqual({ inn: 0 });
    expect(missingRequiredFields('groups', {})).toEqual(['name']);
    expect([0, 25, 26, 27, 701].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ']);
  });
});

describe('checkRows', () => {
  const references: ImportReferences = {
    regions: new Map([['ru-mow', 'RU-MOW']]),
    units: new Map([['msk', 'unit-1']]),
    managers: new Map([['m@bank.test', 'manager-1']]),
    products: new Map(),
    clients: new Map(),
    sizeThresholds: DEFAULT_SIZE_THRESHOLDS,
  };
  const headers = [
    'INN',
    'Name',
    'OKVED2',
    'Region',
    'Unit',
    'Registered on',
    'Revenue, RUB',
    'Headcount',
    'Manager e-mail',
  ];
  const mapping = guessMapping('clients', headers);

  it('derives section and size, reports each bad cell with its row, and catches repeated INNs', async () => {
    const row = [
      '7707083893',
      'Sber',
      '64.19',
      'RU-MOW',
      'MSK',
      '1991-06-20',
      '800000000',
      '100',
      'M@bank.test',
    ];
    const checked = await checkRows({
      kind: 'clients',
      table: {
        format: 'csv',
        headers,
        rows: [
          { line: 2, cells: row },
          { line: 3, cells: [...row.slice(0, 3), 'RU-XX', 'MSK', '1991-06-20', '800000001', '100', ''] },
          { line: 5, cells: row },
        ],
      },
      mapping,
      references,
    });
    expect(checked.records).toEqual([
      expect.objectContaining({
        line: 2,
        industrySection: 'K',
        sizeSegment: 'small',
        managerId: 'manager-1',
      }),
    ]);
    expect(checked.errors).toEqual([
      { line: 3, column: 3, field: 'region', value: 'RU-XX', code: 'unknownRegion' },
      { line: 5, column: 0, field: 'inn', value: '7707083893', code: 'duplicate', firstLine: 2 },
    ]);
    expect(checked.rejectedLines).toEqual([3, 5]);
  });
});
