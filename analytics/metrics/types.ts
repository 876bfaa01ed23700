/** A survey answer or figure that may be missing. */
export type Maybe<T> = T | null | undefined;

/** A 95% (or other) interval as [low, high]. */
export type Interval = readonly [number, number];

/** Answer scale of a question; a property of the survey version, not a constant. */
export interface Scale {
  min: number;
  max: number;
}
