// INN (taxpayer number) check digits, as the Federal Tax Service defines them:
// 10 digits for a legal entity (one check digit), 12 for an individual entrepreneur (two).
const weights10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const weights11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const weights12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

function checkDigit(digits: number[], weights: number[]): number {
  const sum = weights.reduce((total, weight, index) => total + weight * digits[index], 0);
  return (sum % 11) % 10;
}

export function isValidInn(inn: string): boolean {
  if (!/^(\d{10}|\d{12})$/.test(inn)) return false;
  const digits = [...inn].map(Number);
  if (digits.length === 10) return checkDigit(digits, weights10) === digits[9];
  return checkDigit(digits, weights11) === digits[10] && checkDigit(digits, weights12) === digits[11];
}

/** Completes nine (or ten) digits into a valid INN; the seed and test factories use it. */
export function withInnCheckDigits(prefix: string): string {
  const digits = [...prefix].map(Number);
  if (digits.length === 9) return prefix + checkDigit(digits, weights10);
  if (digits.length === 10) {
    const eleventh = checkDigit(digits, weights11);
    return prefix + eleventh + checkDigit([...digits, eleventh], weights12);
  }
  throw new Error(`An INN prefix has 9 or 10 digits, got ${prefix.length}`);
}
