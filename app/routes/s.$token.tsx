import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData, useParams } from '@remix-run/react';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import surveyStyles from 'survey-core/survey-core.fontless.min.css?url';
import {
  InvalidLinkPage,
  localizedText,
  RespondentErrorBoundary,
  RespondentMessage,
  RespondentShell,
  useHydrated,
  useRespondentLocale,
} from '#app/components/respondent.tsx';
import type { Locale } from '#app/i18n/locales.ts';
import { getRespondentPage } from '#app/models/responses.server.ts';
import respondentStyles from '#app/styles/respondent.css?url';
import type { SurveyDefinition } from '#surveys/definition.ts';

// SurveyJS is imported only from this lazily loaded chunk, so no other page downloads it.
const SurveyRunner = lazy(() => import('#app/components/survey-runner.client.tsx'));

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: surveyStyles },
  { rel: 'stylesheet', href: respondentStyles },
];

export const meta: MetaFunction = () => [
  { title: 'Survey · Опрос' },
  { name: 'robots', content: 'noindex, nofollow' },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const page = await getRespondentPage({ token: params.token });
  if (page.state === 'invalid') return data(page, { status: 404 });
  if (page.state === 'closed') return data(page, { status: 410 });
  return data(page);
}

export default function RespondentPage() {
  const page = useLoaderData<typeof loader>();
  if (page.state === 'invalid') return <InvalidLinkPage />;
  return <KnownLinkPage page={page} />;
}

type KnownPage = Exclude<ReturnType<typeof useLoaderData<typeof loader>>, { state: 'invalid' }>;

function KnownLinkPage({ page }: { page: KnownPage }) {
  const [locale, setLocale] = useRespondentLocale(page.language);
  return (
    <RespondentShell locale={locale} onLocaleChange={setLocale} clientName={page.clientName}>
      {page.state === 'open' ? (
        <Questionnaire
          definition={page.definition as SurveyDefinition}
          answers={page.answers as Record<string, unknown>}
          currentPage={page.currentPage}
          locale={locale}
        />
      ) : (
        <StatusMessage state={page.state} />
      )}
    </RespondentShell>
  );
}

const messageKeys = { completed: 'completed', opted_out: 'optedOut', closed: 'closed' } as const;

function StatusMessage({ state }: { state: keyof typeof messageKeys }) {
  const { t } = useTranslation('respondent');
  const key = messageKeys[state];
  return <RespondentMessage title={t(`${key}.title`)} text={t(`${key}.text`)} />;
}

function Questionnaire({
  definition,
  answers,
  currentPage,
  locale,
}: {
  definition: SurveyDefinition;
  answers: Record<string, unknown>;
  currentPage: number;
  locale: Locale;
}) {
  const { t } = useTranslation('respondent');
  const { token } = useParams();
  const hydrated = useHydrated();
  const description = localizedText(definition.description, locale);
  const loading = (
    <p className="respondent-loading" role="status">
      {t('loading')}
    </p>
  );
  return (
    <>
      <section className="respondent-card respondent-intro">
        <h1>{localizedText(definition.title, locale) || t('questionnaire')}</h1>
        {description ? <p>{description}</p> : null}
      </section>
      <div className="respondent-survey">
        {hydrated ? (
          <Suspense fallback={loading}>
            <SurveyRunner
              definition={definition}
              answers={answers}
              currentPage={currentPage}
              locale={locale}
              submitUrl={`/s/${token}/answers`}
            />
          </Suspense>
        ) : (
          loading
        )}
        <noscript>
          <p className="respondent-problem">{t('needsJavaScript')}</p>
        </noscript>
      </div>
      <footer className="respondent-foot">
        {t('optOutLink')} <Link to={`/s/${token}/opt-out`}>{t('optOutAction')}</Link>
      </footer>
    </>
  );
}

export function ErrorBoundary() {
  return <RespondentErrorBoundary />;
}
