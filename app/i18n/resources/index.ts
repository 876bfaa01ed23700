import { admin } from './admin.ts';
import { auth } from './auth.ts';
import { clients } from './clients.ts';
import { common } from './common.ts';
import { errors } from './errors.ts';
import { overview } from './overview.ts';

// Each area keeps its own namespace file so parallel work on different screens does not collide.
const namespaces = { common, errors, auth, clients, admin, overview };

type Namespaces = typeof namespaces;
type ByLocale<L extends 'en' | 'ru'> = { [N in keyof Namespaces]: Namespaces[N][L] };

function byLocale<L extends 'en' | 'ru'>(locale: L): ByLocale<L> {
  return Object.fromEntries(
    Object.entries(namespaces).map(([name, resource]) => [name, resource[locale]]),
  ) as ByLocale<L>;
}

export const resources = { en: byLocale('en'), ru: byLocale('ru') };
