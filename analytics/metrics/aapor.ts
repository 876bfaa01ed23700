/** Final dispositions of invitations, in AAPOR Standard Definitions codes. */
export interface AaporDispositions {
  /** complete */
  I: number;
  /** partial */
  P: number;
  /** refusal and break-off */
  R: number;
  /** non-contact */
  NC: number;
  /** other eligible non-interview */
  O: number;
  /** unknown if household/occupied */
  UH: number;
  /** unknown, other */
  UO: number;
  /** not eligible */
  NE?: number;
}

export type AaporRateName =
  | 'RR1'
  | 'RR2'
  | 'RR3'
  | 'RR4'
  | 'RR5'
  | 'RR6'
  | 'COOP1'
  | 'COOP2'
  | 'COOP3'
  | 'COOP4'
  | 'REF1'
  | 'REF2'
  | 'REF3'
  | 'CON1'
  | 'CON2'
  | 'CON3';

/** Rates as fractions 0–1; a rate whose denominator is zero is null. */
export type AaporRates = Record<AaporRateName, number | null>;

export type AaporDisposition = 'I' | 'P' | 'R' | 'NC' | 'O' | 'UH' | 'UO' | 'NE';

export type InvitationOutcome =
  | 'completed'
  | 'started'
  | 'opted-out'
  | 'opened'
  | 'bounced'
  | 'delivered'
  | 'wrong-contact';

/** Share of the scored questions a started survey needs to count as a partial rather than a break-off. */
const PARTIAL_ANSWERED_SHARE = 0.5;

/**
 * AAPOR response, cooperation, refusal and contact rates. e is the estimated share of eligible
 * cases among those of unknown eligibility; by default the eligible share among cases of known
 * eligibility, or 1 when NE is not recorded. Null when there are no cases at all.
 */
export function aaporRates(dispositions: AaporDispositions, e?: number): AaporRates | null {
  const { I, P, R, NC, O, UH, UO, NE } = dispositions;
  if (![I, P, R, NC, O, UH, UO, NE ?? 0].every((count) => Number.isFinite(count) && count >= 0)) {
    throw new RangeError('AAPOR disposition counts must be non-negative numbers');
  }
  if (e !== undefined && !(e >= 0 && e <= 1)) throw new RangeError(`Invalid eligibility estimate e = ${e}`);
  const interviews = I + P;
  const eligibleKnown = interviews + R + NC + O;
  const unknown = UH + UO;
  if (eligibleKnown + unknown + (NE ?? 0) === 0) return null;
  const eligibility = e ?? defaultEligibility(eligibleKnown, NE);
  const withUnknown = eligibleKnown + unknown;
  const withEstimatedUnknown = eligibleKnown + eligibility * unknown;
  const contacted = interviews + R + O;
  return {
    RR1: ratio(I, withUnknown),
    RR2: ratio(interviews, withUnknown),
    RR3: ratio(I, withEstimatedUnknown),
    RR4: ratio(interviews, withEstimatedUnknown),
    RR5: ratio(I, eligibleKnown),
    RR6: ratio(interviews, eligibleKnown),
    COOP1: ratio(I, contacted),
    COOP2: ratio(interviews, contacted),
    COOP3: ratio(I, interviews + R),
    COOP4: ratio(interviews, interviews + R),
    REF1: ratio(R, withUnknown),
    REF2: ratio(R, withEstimatedUnknown),
    REF3: ratio(R, eligibleKnown),
    CON1: ratio(contacted, withUnknown),
    CON2: ratio(contacted, withEstimatedUnknown),
    CON3: ratio(contacted, eligibleKnown),
  };
}

function defaultEligibility(eligibleKnown: number, notEligible: number | undefined): number {
  if (notEligible === undefined || eligibleKnown + notEligible === 0) return 1;
  return eligibleKnown / (eligibleKnown + notEligible);
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/**
 * AAPOR code of an invitation's outcome (METHODOLOGY §4). A started survey is a partial when at
 * least half of the scored questions were answered, otherwise a break-off (R).
 */
export function aaporDisposition(outcome: InvitationOutcome, answeredShare = 0): AaporDisposition {
  switch (outcome) {
    case 'completed':
      return 'I';
    case 'started':
      return answeredShare >= PARTIAL_ANSWERED_SHARE ? 'P' : 'R';
    case 'opted-out':
    case 'opened':
      return 'R';
    case 'bounced':
      return 'NC';
    case 'delivered':
      return 'UO';
    case 'wrong-contact':
      return 'NE';
  }
}
