import { Form, useLocation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { supportedLocales } from '#app/i18n/locales.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  return (
    <Form method="post" action="/language" className="language-switch" aria-label={t('language')}>
      <input type="hidden" name="returnTo" value={`${location.pathname}${location.search}`} />
      {supportedLocales.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          aria-pressed={i18n.language === locale}
          className={i18n.language === locale ? 'active' : undefined}
        >
          {locale.toUpperCase()}
        </button>
      ))}
    </Form>
  );
}
