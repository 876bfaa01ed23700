// The closed vocabularies of segmentation, free of database code so the browser bundle can use them.

/** What the segment explorer can cut the client base by (today's attributes, not response snapshots). */
export const explorerDimensions = [
  'size',
  'section',
  'region',
  'unit',
  'ageBand',
  'vip',
  'vipCriterion',
  'group',
  'custom',
] as const;
export type ExplorerDimension = (typeof explorerDimensions)[number];

export const accountClassValues = ['promoter', 'passive', 'detractor'] as const;
export type AccountClassValue = (typeof accountClassValues)[number];

/** The satisfaction feed's loyalty states (db/schema/feed.ts, docs/loyalty.md), best first. */
export const loyaltyStateValues = ['champion', 'satisfied', 'passive', 'at_risk', 'lost_contact'] as const;
