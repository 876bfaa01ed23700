/**
 * Company age bands from the registration date (the source article: newly registered companies
 * get their own approach). Age is in completed years on the reference date; each band includes
 * its lower bound and excludes its upper one:
 *
 * | band      | completed years |
 * | --------- | --------------- |
 * | under_1   | 0 (less than a year) |
 * | 1_3       | 1–2             |
 * | 3_5       | 3–4             |
 * | 5_10      | 5–9             |
 * | 10_plus   | 10 and more     |
 */
export const ageBands = ['under_1', '1_3', '3_5', '5_10', '10_plus'] as const;
export type AgeBand = (typeof ageBands)[number];

/** Lower bound of each band in completed years, the same table the SQL read model uses. */
export const ageBandLowerBounds: ReadonlyArray<readonly [AgeBand, number]> = [
  ['10_plus', 10],
  ['5_10', 5],
  ['3_5', 3],
  ['1_3', 1],
  ['under_1', 0],
];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: string): [number, number, number] {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`Not an ISO date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** Completed years between two ISO dates (an anniversary counts on its day); null when `on` is earlier. */
export function completedYears(registeredOn: string, on: string): number | null {
  const [y1, m1, d1] = parts(registeredOn);
  const [y2, m2, d2] = parts(on);
  let years = y2 - y1;
  if (m2 < m1 || (m2 === m1 && d2 < d1)) years -= 1;
  return years < 0 ? null : years;
}

export function ageBand(registeredOn: string, on: string): AgeBand | null {
  const years = completedYears(registeredOn, on);
  if (years === null) return null;
  return ageBandLowerBounds.find(([, lower]) => years >= lower)![0];
}
