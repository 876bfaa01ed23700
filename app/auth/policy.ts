import type { Role } from '#db/schema/domain.ts';

/**
 * What each role may do, in one table (DESIGN.md "Who uses it"). Row-level scoping — a manager sees
 * only their own clients — is applied by the models on top of this.
 */
export const capabilities = {
  'overview:read': ['admin', 'marketing', 'management', 'manager'],
  'clients:read': ['admin', 'marketing', 'management', 'manager'],
  'clients:write': ['admin', 'marketing'],
  'users:manage': ['admin'],
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
  { to: '/settings/users', labelKey: 'nav.settings', capability: 'users:manage' },
];

export function navigationFor(role: Role): NavigationItem[] {
  return navigation.filter((item) => can(role, item.capability));
}
