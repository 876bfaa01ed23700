import { describe, expect, it } from 'vitest';
import { isValidInn, withInnCheckDigits } from './inn.ts';

describe('INN check digits', () => {
  it('accepts real legal-entity and individual INNs', () => {
    expect(isValidInn('7707083893')).toBe(true); // Sberbank
    expect(isValidInn('500100732259')).toBe(true);
  });

  it('refuses a wrong check digit, a wrong length and letters', () => {
    expect(isValidInn('7707083894')).toBe(false);
    expect(isValidInn('770708389')).toBe(false);
    expect(isValidInn('77070838A3')).toBe(false);
    expect(isValidInn('500100732258')).toBe(false);
  });

  it('completes any prefix into a valid INN', () => {
    expect(isValidInn(withInnCheckDigits('770708389'))).toBe(true);
    expect(isValidInn(withInnCheckDigits('5001007322'))).toBe(true);
  });
});
