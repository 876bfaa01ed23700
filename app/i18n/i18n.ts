import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from './locales.ts';
import { resources } from './resources/index.ts';

const instances = new Map<Locale, i18n>();

/** One initialised i18next instance per locale, shared by server render and browser. */
export function getI18n(locale: Locale): i18n {
  let instance = instances.get(locale);
  if (!instance) {
    instance = i18next.createInstance();
    instance.use(initReactI18next).init({
      lng: locale,
      fallbackLng: 'en',
      resources,
      defaultNS: 'common',
      ns: Object.keys(resources.en),
      initAsync: false,
      interpolation: { escapeValue: false },
      // Otherwise i18next prints an advertisement into the server log and the test output.
      showSupportNotice: false,
    });
    instances.set(locale, instance);
  }
  return instance;
}
