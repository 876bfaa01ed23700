import type { Role } from '#db/schema/domain.ts';

/**
 * What each role may do, in one table (DESIGN.md "Who uses it"). Row-level scoping — a manager sees
 * only their own clients — is applied by the models on top of this.
 */
export const capabilities = {
  'overview:read': ['admin', 'marketing', 'management', 'manager'],
  'clients:read': ['admin', 'marketing', 'management', 'manager'],
  'clients:write': ['admin', 'marketing'],
  // Dashboards; a manager's figures are limited to their own portfolio by the analytics read models.
  'analytics:read': ['admin', 'marketing', 'management', 'manager'],
  // Company-wide analyses that a single portfolio is too small for (key drivers, importance–performance).
  'analytics:company': ['admin', 'marketing', 'management'],
  'users:manage': ['admin'],
  // A manager reads and resolves only their own follow-ups (scoped in app/models/follow-ups.server.ts).
  'followUps:read': ['admin', 'marketing', 'management', 'manager'],
  'followUps:resolve': ['admin', 'management', 'manager'],
  // The outbox shows messages with their personal links (no SMTP), so only the campaign runners.
  'outbox:read': ['admin', 'marketing'],
  // The survey library and waves: marketing runs campaigns, management follows them; managers see
  // their clients' answers through follow-ups and analytics, not the campaigns.
  'surveys:read': ['admin', 'marketing', 'management'],
  'surveys:write': ['admin', 'marketing'],
  'waves:read': ['admin', 'marketing', 'management'],
  'waves:write': ['admin', 'marketing'],
  // Manager cards and portfolios: management all, a unit head their unit, a manager only their own
  // card (scoped in app/models/portfolios.server.ts). Reassigning clients is management's call.
  'managers:read': ['admin', 'management', 'manager'],
  'portfolios:write': ['admin', 'management'],
  // Segment explorer and target segments: company-wide, like the key-driver views. Custom segments
  // are saved by whoever explores; a manager applies shared ones to their own clients list.
  'segments:read': ['admin', 'marketing', 'management'],
  'segments:write': ['admin', 'marketing', 'management'],
  // Client groups; a manager sees only groups with their clients, and only their clients' details.
  'groups:read': ['admin', 'marketing', 'management', 'manager'],
  // Versioned settings (thresholds, weights, caps): management reads them, admins change them.
  'settings:read': ['admin', 'management'],
  'settings:write': ['admin'],
  // Manager performance: management sees every card, a unit head their unit's, a manager their own
  // (scoped in app/models/scorecards.server.ts); marketing has no part in reviews.
  'performance:read': ['admin', 'management', 'manager'],
  // KPI catalogue, periods, weights, targets, actuals, approving adjustments and signing reviews.
  'performance:manage': ['admin', 'management'],
  // Proposing a target adjustment (a manager for their own card) and explaining a missed KPI.
  'performance:respond': ['admin', 'management', 'manager'],
  // API tokens and webhook subscriptions hand data to other systems: admins only.
  'api:manage': ['admin'],
  'audit:read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof capabilities;

export function can(role: Role, capability: Capability): boolean {
  return (capabilities[capability] as readonly Role[]).includes(role);
}

export interface NavigationItem {
  to: string;
  labelKey: string;
  capability: Capability;
}

/** Staff navigation; a section appears here only once its pages exist. */
export const navigation: NavigationItem[] = [
  { to: '/overview', labelKey: 'nav.overview', capability: 'overview:read' },
  { to: '/clients', labelKey: 'nav.clients', capability: 'clients:read' },
  { to: '/segments', labelKey: 'segments:nav', capability: 'segments:read' },
  { to: '/groups', labelKey: 'segments:groupsNav', capability: 'groups:read' },
  { to: '/surveys', labelKey: 'surveys:nav', capability: 'surveys:read' },
  { to: '/waves', labelKey: 'waves:nav', capability: 'waves:read' },
  { to: '/analytics', labelKey: 'nav.analytics', capability: 'analytics:read' },
  { to: '/loyalty', labelKey: 'loyalty:nav', capability: 'analytics:read' },
  { to: '/follow-ups', labelKey: 'followUps:nav', capability: 'followUps:read' },
  { to: '/managers', labelKey: 'managers:nav', capability: 'managers:read' },
  { to: '/performance', labelKey: 'performance:nav', capability: 'performance:read' },
  { to: '/outbox', labelKey: 'outbox:nav', capability: 'outbox:read' },
  { to: '/settings', labelKey: 'nav.settings', capability: 'settings:read' },
];

export function navigationFor(role: Role): NavigationItem[] {
  return navigation.filter((item) => can(role, item.capability));
}
