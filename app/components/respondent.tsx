import { isRouteErrorResponse, useRouteError } from '@remix-run/react';
import { respondentText } from '#app/respondent/texts.ts';

// Respondent pages rendered on the server only (they load no JavaScript): an unknown link and the
// error view. The frame shared with the questionnaire is in respondent-shell.tsx.

/**
 * An unknown link: the language is not known either, so the page says it in both. It names no
 * client and looks the same whatever the token was.
 */
export function InvalidLinkPage() {
  return <BilingualMessage titleKey="invalid.title" textKey="invalid.text" />;
}

function BilingualMessage({ titleKey, textKey }: { titleKey: string; textKey: string }) {
  return (
    <div className="respondent">
      <main className="respondent-main">
        {(['ru', 'en'] as const).map((locale, index) => {
          const t = respondentText(locale);
          const Heading = index === 0 ? 'h1' : 'h2';
          return (
            <section key={locale} lang={locale} className="respondent-card respondent-message">
              <Heading>{t(titleKey)}</Heading>
              <p>{t(textKey)}</p>
            </section>
          );
        })}
      </main>
    </div>
  );
}

/** The error view of respondent routes: bilingual, with no way into the staff side. */
export function RespondentErrorBoundary() {
  const error = useRouteError();
  const missing = isRouteErrorResponse(error) && error.status === 404;
  if (!missing) console.error(error);
  return missing ? <InvalidLinkPage /> : <BilingualMessage titleKey="errorTitle" textKey="errorText" />;
}
