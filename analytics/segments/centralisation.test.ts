import { describe, expect, it } from 'vitest';
import { centralisation } from './centralisation.ts';

describe('centralisation of a client group', () => {
  it('is kept when every company has the same unit and manager', () => {
    const check = centralisation([
      { unitId: 'u1', managerId: 'm1' },
      { unitId: 'u1', managerId: 'm1' },
    ]);
    expect(check.centralised).toBe(true);
  });

  it('is broken by a second unit or a second manager', () => {
    expect(
      centralisation([
        { unitId: 'u1', managerId: 'm1' },
        { unitId: 'u2', managerId: 'm1' },
      ]),
    ).toMatchObject({ splitUnits: true, splitManagers: false, centralised: false });
    expect(
      centralisation([
        { unitId: 'u1', managerId: 'm1' },
        { unitId: 'u1', managerId: 'm2' },
      ]),
    ).toMatchObject({ splitUnits: false, splitManagers: true });
  });

  it('counts a company without a manager next to managed ones as another point of contact', () => {
    expect(
      centralisation([
        { unitId: 'u1', managerId: 'm1' },
        { unitId: 'u1', managerId: null },
      ]).splitManagers,
    ).toBe(true);
    expect(centralisation([{ unitId: 'u1', managerId: null }]).centralised).toBe(true);
  });
});
