import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation, useParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import {
  InvalidLinkPage,
  RespondentErrorBoundary,
  RespondentMessage,
  RespondentShell,
  useRespondentLocale,
} from '#app/components/respondent.tsx';
import { getOptOutPage, optOut, RespondentError } from '#app/models/responses.server.ts';
import respondentStyles from '#app/styles/respondent.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: respondentStyles }];

export const meta: MetaFunction = () => [
  { title: 'Opt out · Отказ от опросов' },
  { name: 'robots', content: 'noindex, nofollow' },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const page = await getOptOutPage({ token: params.token });
  return page.state === 'invalid' ? data(page, { status: 404 }) : data(page);
}

export async function action({ params }: ActionFunctionArgs) {
  try {
    await optOut({ token: params.token });
  } catch (error) {
    if (error instanceof RespondentError) return data({ state: 'invalid' as const }, { status: 404 });
    throw error;
  }
  // Back to the page, which now confirms the opt-out (and a reload does not post again).
  throw redirect(`/s/${params.token}/opt-out`);
}

export default function OptOutPage() {
  const page = useLoaderData<typeof loader>();
  if (page.state === 'invalid') return <InvalidLinkPage />;
  return <KnownOptOutPage state={page.state} clientName={page.clientName} language={page.language} />;
}

function KnownOptOutPage({
  state,
  clientName,
  language,
}: {
  state: 'ready' | 'opted_out';
  clientName: string;
  language: 'en' | 'ru';
}) {
  const [locale, setLocale] = useRespondentLocale(language);
  return (
    <RespondentShell locale={locale} onLocaleChange={setLocale} clientName={clientName}>
      {state === 'opted_out' ? <OptedOut /> : <ConfirmOptOut />}
    </RespondentShell>
  );
}

function OptedOut() {
  const { t } = useTranslation('respondent');
  return <RespondentMessage title={t('optedOut.title')} text={t('optedOut.text')} />;
}

function ConfirmOptOut() {
  const { t } = useTranslation('respondent');
  const { token } = useParams();
  const navigation = useNavigation();
  return (
    <section className="respondent-card respondent-message">
      <h1>{t('optOut.title')}</h1>
      <p>{t('optOut.text')}</p>
      <Form method="post" className="respondent-actions">
        <button type="submit" className="primary" disabled={navigation.state === 'submitting'}>
          {t('optOut.confirm')}
        </button>
        <Link to={`/s/${token}`}>{t('optOut.back')}</Link>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <RespondentErrorBoundary />;
}
