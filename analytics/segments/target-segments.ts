/**
 * Target-segment evaluation (the source article, principle 1: pick a target segment only if it is
 * weighty enough to justify a campaign). Every figure is a plain share or difference so the
 * ranking can be explained on the page:
 *
 * - weight = mean of the segment's share of the base's clients, of our revenue and — where any
 *   client total is known — of the potential (volume not yet served, Σ total − ours);
 * - weighty = weight ≥ `minWeight` (default 5 %);
 * - room to improve = (100 − CSI) / 100, or (100 − NPS) / 200 when CSI is not reportable;
 * - priority = weight × room to improve.
 *
 * Order: weighty segments by priority, then weighty segments whose satisfaction is suppressed or
 * unknown (by weight), then the rest by priority and weight.
 */

export interface TargetSegmentInput {
  key: string;
  clients: number;
  revenue: number;
  /** Volume not yet served; null when no client total is known in the segment. */
  potential: number | null;
  /** Reportable (not suppressed) scores; null otherwise. */
  csi: number | null;
  nps: number | null;
}

export interface TargetBase {
  clients: number;
  revenue: number;
  potential: number;
}

export interface TargetSegment extends TargetSegmentInput {
  clientShare: number | null;
  revenueShare: number | null;
  potentialShare: number | null;
  weight: number | null;
  weighty: boolean;
  roomToImprove: number | null;
  priority: number | null;
  rank: number;
}

export const DEFAULT_MIN_WEIGHT = 0.05;

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export function roomToImprove({ csi, nps }: { csi: number | null; nps: number | null }): number | null {
  if (csi !== null) return Math.min(1, Math.max(0, (100 - csi) / 100));
  if (nps !== null) return Math.min(1, Math.max(0, (100 - nps) / 200));
  return null;
}

export function rankTargetSegments(
  segments: readonly TargetSegmentInput[],
  base: TargetBase,
  { minWeight = DEFAULT_MIN_WEIGHT }: { minWeight?: number } = {},
): TargetSegment[] {
  const evaluated = segments.map((segment) => {
    const clientShare = share(segment.clients, base.clients);
    const revenueShare = share(segment.revenue, base.revenue);
    const potentialShare = base.potential > 0 ? (share(segment.potential ?? 0, base.potential) ?? 0) : null;
    const parts = [clientShare, revenueShare, potentialShare].filter(
      (value): value is number => value !== null,
    );
    const weight = parts.length === 0 ? null : parts.reduce((sum, value) => sum + value, 0) / parts.length;
    const room = roomToImprove(segment);
    return {
      ...segment,
      clientShare,
      revenueShare,
      potentialShare,
      weight,
      weighty: weight !== null && weight >= minWeight,
      roomToImprove: room,
      priority: weight !== null && room !== null ? weight * room : null,
      rank: 0,
    };
  });
  const tier = (segment: TargetSegment) => (segment.weighty ? (segment.priority !== null ? 0 : 1) : 2);
  const desc = (a: number | null, b: number | null) => (b ?? -1) - (a ?? -1);
  evaluated.sort(
    (a, b) =>
      tier(a) - tier(b) ||
      desc(a.priority, b.priority) ||
      desc(a.weight, b.weight) ||
      a.key.localeCompare(b.key),
  );
  return evaluated.map((segment, index) => ({ ...segment, rank: index + 1 }));
}

export interface AttributeGapInput {
  key: string;
  /** Mean stated importance; null when suppressed. */
  importance: number | null;
  /** Mean satisfaction with the attribute; null when suppressed. */
  performance: number | null;
}

/**
 * What a segment is missing: the attributes whose importance most exceeds their performance (both
 * on the survey's 1–5 scales), largest gap first; attributes performing at or above their
 * importance are not missing anything.
 */
export function weakestAttributes(
  attributes: readonly AttributeGapInput[],
  limit = 3,
): Array<{ key: string; gap: number; importance: number; performance: number }> {
  return attributes
    .flatMap((attribute) =>
      attribute.importance === null || attribute.performance === null
        ? []
        : [
            {
              key: attribute.key,
              importance: attribute.importance,
              performance: attribute.performance,
              gap: attribute.importance - attribute.performance,
            },
          ],
    )
    .filter((attribute) => attribute.gap > 0)
    .sort((a, b) => b.gap - a.gap || a.key.localeCompare(b.key))
    .slice(0, limit);
}
