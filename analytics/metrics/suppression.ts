export type BaseStatus = 'suppressed' | 'low-base' | 'reportable';

export interface BaseThresholds {
  /** Cells with n below this show "n < 5" and no number. */
  suppressBelow: number;
  /** Cells with n below this carry a low-base mark and stay out of rankings. */
  lowBaseBelow: number;
}

export const DEFAULT_BASE_THRESHOLDS: BaseThresholds = { suppressBelow: 5, lowBaseBelow: 30 };

/** How a cell with n valid answers (or a Kish effective n) may be shown (METHODOLOGY §3). */
export function baseStatus(n: number, thresholds: BaseThresholds = DEFAULT_BASE_THRESHOLDS): BaseStatus {
  if (!(n >= thresholds.suppressBelow)) return 'suppressed';
  if (n < thresholds.lowBaseBelow) return 'low-base';
  return 'reportable';
}
