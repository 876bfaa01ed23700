import { admin } from './admin.ts';
import { analytics } from './analytics.ts';
import { auth } from './auth.ts';
import { clients } from './clients.ts';
import { common } from './common.ts';
import { errors } from './errors.ts';
import { followUps } from './follow-ups.ts';
import { loyalty } from './loyalty.ts';
import { managers } from './managers.ts';
import { imports } from './imports.ts';
import { integration } from './integration.ts';
import { overview } from './overview.ts';
import { performance } from './performance.ts';
import { respondent } from './respondent.ts';
import { segments } from './segments.ts';
import { settings } from './settings.ts';
import { outbox } from './outbox.ts';
import { surveys } from './surveys.ts';
import { waves } from './waves.ts';

// Each area keeps its own namespace file so parallel work on different screens does not collide.
const namespaces = {
  common,
  errors,
  auth,
  clients,
  admin,
  overview,
  outbox,
  followUps,
  managers,
  imports,
  respondent,
  analytics,
  surveys,
  waves,
  segments,
  settings,
  integration,
  loyalty,
  performance,
};

type Namespaces = typeof namespaces;
type ByLocale<L extends 'en' | 'ru'> = { [N in keyof Namespaces]: Namespaces[N][L] };

function byLocale<L extends 'en' | 'ru'>(locale: L): ByLocale<L> {
  return Object.fromEntries(
    Object.entries(namespaces).map(([name, resource]) => [name, resource[locale]]),
  ) as ByLocale<L>;
}

export const resources = { en: byLocale('en'), ru: byLocale('ru') };
