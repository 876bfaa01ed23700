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
  { to: '/surveys', labelKey: 'surveys:nav', capability: 'surveys:read' },
  { to: '/waves', labelKey: 'waves:nav', capability: 'waves:read' },
  { to: '/analytics', labelKey: 'nav.analytics', capability: 'analytics:read' },
  { to: '/follow-ups', labelKey: 'followUps:nav', capability: 'followUps:read' },
  { to: '/outbox', labelKey: 'outbox:nav', capability: 'outbox:read' },
  { to: '/settings/users', labelKey: 'nav.settings', capability: 'users:manage' },
];

export function navigationFor(role: Role): NavigationItem[] {
  return navigation.filter((item) => can(role, item.capability));
}
