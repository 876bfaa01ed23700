import { describe, expect, it } from 'vitest';
import { aaporDisposition, aaporRates } from './aapor.ts';

// outcomerate's example (METHODOLOGY §8).
const example = { I: 4, P: 2, R: 1, NC: 1, O: 1, UH: 1, UO: 1, NE: 1 };
const expected = {
  RR1: 0.364,
  RR2: 0.545,
  RR3: 0.37,
  RR4: 0.556,
  RR5: 0.444,
  RR6: 0.667,
  COOP1: 0.5,
  COOP2: 0.75,
  COOP3: 0.571,
  COOP4: 0.857,
  REF1: 0.091,
  REF2: 0.093,
  REF3: 0.111,
  CON1: 0.727,
  CON2: 0.741,
  CON3: 0.889,
};

function expectRates(rates: ReturnType<typeof aaporRates>): void {
  for (const [name, value] of Object.entries(expected)) {
    expect(rates?.[name as keyof typeof expected], name).toBeCloseTo(value, 3);
  }
}

describe('aaporRates', () => {
  it('matches the METHODOLOGY reference with e = 0.9', () => {
    expectRates(aaporRates(example, 0.9));
  });

  it('estimates e from the cases of known eligibility by default', () => {
    // (4 + 2 + 1 + 1 + 1) / (9 + NE 1) = 0.9, the same as the explicit e above.
    expectRates(aaporRates(example));
  });

  it('takes e = 1 when NE is not recorded', () => {
    const { NE: _notRecorded, ...withoutNe } = example;
    const rates = aaporRates(withoutNe);
    expect(rates?.RR3).toBeCloseTo(rates?.RR1 ?? Number.NaN, 12);
    expect(rates?.RR4).toBeCloseTo(rates?.RR2 ?? Number.NaN, 12);
  });

  it('gives null for a rate whose denominator is zero', () => {
    const rates = aaporRates({ I: 0, P: 0, R: 0, NC: 2, O: 0, UH: 0, UO: 0 });
    expect(rates?.RR1).toBe(0);
    expect(rates?.COOP1).toBeNull();
  });

  it('returns null without any case', () => {
    expect(aaporRates({ I: 0, P: 0, R: 0, NC: 0, O: 0, UH: 0, UO: 0 })).toBeNull();
  });

  it('rejects negative counts and an e outside 0–1', () => {
    expect(() => aaporRates({ ...example, I: -1 })).toThrow(RangeError);
    expect(() => aaporRates(example, 1.2)).toThrow(RangeError);
  });
});

describe('aaporDisposition', () => {
  it('maps invitation outcomes to AAPOR codes', () => {
    expect(aaporDisposition('completed')).toBe('I');
    expect(aaporDisposition('opted-out')).toBe('R');
    expect(aaporDisposition('opened')).toBe('R');
    expect(aaporDisposition('bounced')).toBe('NC');
    expect(aaporDisposition('delivered')).toBe('UO');
    expect(aaporDisposition('wrong-contact')).toBe('NE');
  });

  it('counts a started survey as partial from half the scored questions answered, else as a break-off', () => {
    expect(aaporDisposition('started', 0.5)).toBe('P');
    expect(aaporDisposition('started', 0.49)).toBe('R');
    expect(aaporDisposition('started')).toBe('R');
  });
});
