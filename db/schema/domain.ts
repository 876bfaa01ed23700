// Closed vocabularies of the domain, shared by the schema's CHECK constraints and the TypeScript types.

export const roles = ['admin', 'marketing', 'management', 'manager'] as const;
export type Role = (typeof roles)[number];

export const locales = ['en', 'ru'] as const;
export type Locale = (typeof locales)[number];

export const sizeSegments = ['micro', 'small', 'medium', 'large'] as const;
export type SizeSegment = (typeof sizeSegments)[number];

export const industrySectionLetters = [
  'A',
  'B',
  'C',
  'D',
  'E',
  'F',
  'G',
  'H',
  'I',
  'J',
  'K',
  'L',
  'M',
  'N',
  'O',
  'P',
  'Q',
  'R',
  'S',
  'T',
  'U',
] as const;
export type IndustrySectionLetter = (typeof industrySectionLetters)[number];

export const vipCriteria = [
  'own_group',
  'subsidiary_of_significant_client',
  'influential_shareholder',
  'growth_industry',
  'useful_management',
] as const;
export type VipCriterion = (typeof vipCriteria)[number];

export const contactRoles = ['decision_maker', 'influencer', 'user', 'finance', 'other'] as const;
export type ContactRole = (typeof contactRoles)[number];

export const waveStatuses = ['draft', 'running', 'closed'] as const;
export type WaveStatus = (typeof waveStatuses)[number];

export const invitationStatuses = [
  'queued',
  'sent',
  'bounced',
  'opened',
  'started',
  'completed',
  'opted_out',
  'expired',
  'failed',
] as const;
export type InvitationStatus = (typeof invitationStatuses)[number];

export const responseStatuses = ['partial', 'completed'] as const;
export type ResponseStatus = (typeof responseStatuses)[number];

export const scoreMetrics = ['nps', 'csat', 'ces', 'overall', 'attribute', 'importance'] as const;
export type ScoreMetric = (typeof scoreMetrics)[number];

export const followUpReasons = ['detractor', 'low_score', 'contact_request'] as const;
export const followUpStatuses = ['open', 'in_progress', 'resolved'] as const;

export const kpiDirections = ['higher_is_better', 'lower_is_better'] as const;
export const adjustmentStatuses = ['proposed', 'approved', 'rejected'] as const;
export const reviewStatuses = ['draft', 'signed'] as const;

export const mailKinds = ['invitation', 'reminder', 'staff'] as const;
// 'cancelled': a reminder whose invitation was answered, opted out or expired before it was due.
export const mailStatuses = ['queued', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type MailStatus = (typeof mailStatuses)[number];
