import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useLoaderData, useParams } from '@remix-run/react';
import { InvalidLinkPage, RespondentErrorBoundary } from '#app/components/respondent.tsx';
import { RespondentMessage, RespondentShell, withLanguage } from '#app/components/respondent-shell.tsx';
import type { Locale } from '#app/i18n/locales.ts';
import { getOptOutPage, optOut, RespondentError } from '#app/models/responses.server.ts';
import { chosenLanguage } from '#app/respondent/language.ts';
import { respondentText } from '#app/respondent/texts.ts';
import { noteUnknownToken, refuseTokenGuessing } from '#app/security/token-guessing.server.ts';
import respondentStyles from '#app/styles/respondent.css?url';
import { type PageHandle, respondentLanguage } from '#app/utils/route-handle.ts';

// Plain HTML, no JavaScript: opting out is one form post, and must work wherever the link is opened.
export const handle: PageHandle = { hydrate: false, language: respondentLanguage };

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: respondentStyles }];

export const meta: MetaFunction = () => [
  { title: 'Opt out · Отказ от опросов' },
  { name: 'robots', content: 'noindex, nofollow' },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  refuseTokenGuessing(request);
  const page = await getOptOutPage({ token: params.token });
  if (page.state === 'invalid') {
    noteUnknownToken(request);
    return data(page, { status: 404 });
  }
  return data({ ...page, language: chosenLanguage(request) ?? page.language });
}

export async function action({ request, params }: ActionFunctionArgs) {
  refuseTokenGuessing(request);
  try {
    await optOut({ token: params.token });
  } catch (error) {
    if (error instanceof RespondentError) {
      if (error.code === 'unknown_link') noteUnknownToken(request);
      return data({ state: 'invalid' as const }, { status: 404 });
    }
    throw error;
  }
  // Back to the page, which now confirms the opt-out (and a reload does not post again).
  const page = `/s/${params.token}/opt-out`;
  const language = chosenLanguage(request);
  throw redirect(language ? withLanguage(page, language) : page);
}

export default function OptOutPage() {
  const page = useLoaderData<typeof loader>();
  if (page.state === 'invalid') return <InvalidLinkPage />;
  return (
    <RespondentShell locale={page.language} clientName={page.clientName}>
      {page.state === 'opted_out' ? (
        <OptedOut locale={page.language} />
      ) : (
        <ConfirmOptOut locale={page.language} />
      )}
    </RespondentShell>
  );
}

function OptedOut({ locale }: { locale: Locale }) {
  const t = respondentText(locale);
  return <RespondentMessage title={t('optedOut.title')} text={t('optedOut.text')} />;
}

function ConfirmOptOut({ locale }: { locale: Locale }) {
  const t = respondentText(locale);
  const { token } = useParams();
  return (
    <section className="respondent-card respondent-message">
      <h1>{t('optOut.title')}</h1>
      <p>{t('optOut.text')}</p>
      {/* No action: it posts to this address, language included. */}
      <form method="post" className="respondent-actions">
        <button type="submit" className="primary">
          {t('optOut.confirm')}
        </button>
        <a href={withLanguage(`/s/${token}`, locale)}>{t('optOut.back')}</a>
      </form>
    </section>
  );
}

export function ErrorBoundary() {
  return <RespondentErrorBoundary />;
}
