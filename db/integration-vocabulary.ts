// The closed vocabularies of the integration surface, without drizzle, so the settings screens can
// import them in the browser bundle; db/schema/integration.ts builds its CHECK constraints from them.

/** Areas of the REST API a token may be granted, each for reading or also for writing. */
export const apiAreas = [
  'clients',
  'waves',
  'invitations',
  'responses',
  'scores',
  'loyalty',
  'kpis',
] as const;
export type ApiArea = (typeof apiAreas)[number];

export const apiPermissions = apiAreas.flatMap((area) => [`${area}:read`, `${area}:write`] as const);
export type ApiPermission = `${ApiArea}:${'read' | 'write'}`;

/** What a token may do in one area: nothing, read, or read and write. */
export const areaAccessLevels = ['none', 'read', 'write'] as const;
export type AreaAccess = (typeof areaAccessLevels)[number];

export const webhookEventTypes = [
  'response.completed',
  'follow_up.created',
  'follow_up.overdue',
  'wave.finished',
  'loyalty_state.changed',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

export const webhookDeliveryStatuses = ['queued', 'sending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];
