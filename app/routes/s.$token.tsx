import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { UNSAFE_RemixContext, useLoaderData, useParams } from '@remix-run/react';
import { useContext } from 'react';
import surveyStyles from 'survey-core/survey-core.fontless.min.css?url';
import { InvalidLinkPage, RespondentErrorBoundary } from '#app/components/respondent.tsx';
import { QuestionnairePage } from '#app/components/respondent-questionnaire.tsx';
import { RespondentMessage, RespondentShell } from '#app/components/respondent-shell.tsx';
import type { Locale } from '#app/i18n/locales.ts';
import { getRespondentPage } from '#app/models/responses.server.ts';
import { chosenLanguage } from '#app/respondent/language.ts';
import {
  type QuestionnaireData,
  questionnaireDataId,
  questionnaireRootId,
  scriptSafeJson,
} from '#app/respondent/questionnaire-data.ts';
import { questionnaireScript, type StandaloneScript } from '#app/respondent/scripts.server.ts';
import { respondentText } from '#app/respondent/texts.ts';
import { noteUnknownToken, refuseTokenGuessing } from '#app/security/token-guessing.server.ts';
import respondentStyles from '#app/styles/respondent.css?url';
import { type PageHandle, respondentLanguage } from '#app/utils/route-handle.ts';
import type { SurveyDefinition } from '#surveys/definition.ts';

// Not hydrated by Remix: the open questionnaire loads one standalone script (SurveyJS and React,
// app/respondent/browser-entry.tsx); the other states are plain HTML with a form for the language.
export const handle: PageHandle = { hydrate: false, language: respondentLanguage };

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: surveyStyles },
  { rel: 'stylesheet', href: respondentStyles },
];

export const meta: MetaFunction = () => [
  { title: 'Survey · Опрос' },
  { name: 'robots', content: 'noindex, nofollow' },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  refuseTokenGuessing(request);
  const page = await getRespondentPage({ token: params.token });
  if (page.state === 'invalid') {
    noteUnknownToken(request);
    return data(page, { status: 404 });
  }
  // The contact's language unless they switched (a plain form: `?lang=`).
  const shown = { ...page, language: chosenLanguage(request) ?? page.language };
  if (shown.state === 'closed') return data(shown, { status: 410 });
  if (shown.state !== 'open') return data(shown);
  return data({ ...shown, script: questionnaireScript() });
}

export default function RespondentPage() {
  const page = useLoaderData<typeof loader>();
  const { token } = useParams();
  if (page.state === 'invalid') return <InvalidLinkPage />;
  if (page.state !== 'open') {
    return (
      <RespondentShell locale={page.language} clientName={page.clientName}>
        <StatusMessage state={page.state} locale={page.language} />
      </RespondentShell>
    );
  }
  return (
    <OpenQuestionnaire
      script={page.script}
      data={{
        locale: page.language,
        clientName: page.clientName,
        definition: page.definition as SurveyDefinition,
        answers: page.answers as Record<string, unknown>,
        currentPage: page.currentPage,
        submitUrl: `/s/${token}/answers`,
        optOutUrl: `/s/${token}/opt-out`,
      }}
    />
  );
}

/**
 * The questionnaire as server HTML, the data it was rendered from, and the script that hydrates it.
 * In `vite dev` the script is compiled with React Refresh, which needs Remix's preamble first.
 */
function OpenQuestionnaire({ data, script }: { data: QuestionnaireData; script: StandaloneScript }) {
  const devRuntime = useContext(UNSAFE_RemixContext)?.manifest.hmr?.runtime;
  return (
    <>
      <div id={questionnaireRootId}>
        <QuestionnairePage data={data} />
      </div>
      <script
        type="application/json"
        id={questionnaireDataId}
        // biome-ignore lint/security/noDangerouslySetInnerHtml: JSON escaped for a script element
        dangerouslySetInnerHTML={{ __html: scriptSafeJson(data) }}
      />
      {devRuntime ? <script type="module" src={devRuntime} /> : null}
      {script.imports.map((href) => (
        <link key={href} rel="modulepreload" href={href} />
      ))}
      <script type="module" src={script.module} />
    </>
  );
}

const messageKeys = { completed: 'completed', opted_out: 'optedOut', closed: 'closed' } as const;

function StatusMessage({ state, locale }: { state: keyof typeof messageKeys; locale: Locale }) {
  const t = respondentText(locale);
  const key = messageKeys[state];
  return <RespondentMessage title={t(`${key}.title`)} text={t(`${key}.text`)} />;
}

export function ErrorBoundary() {
  return <RespondentErrorBoundary />;
}
