// The segments the wave monitor can split its funnel by. Kept apart from the SQL read model so the
// browser can list them without pulling in the database code.
export const funnelSegments = ['size', 'section', 'unit', 'manager'] as const;
export type FunnelSegment = (typeof funnelSegments)[number];
