import { hydrateRoot } from 'react-dom/client';
import { QuestionnairePage } from '#app/components/respondent-questionnaire.tsx';
import SurveyRunner from '#app/components/survey-runner.client.tsx';
import { questionnaireRootId, readQuestionnaireData } from './questionnaire-data.ts';

// The only script of the open questionnaire (/s/<token>). The page is rendered by Remix on the
// server but not hydrated by it (its route says `handle.hydrate = false`): the Remix client
// runtime, React Router and the app's translations would cost a respondent ~120 KB gzip on top of
// SurveyJS for a page with one interactive part. This entry hydrates just that part with React and
// mounts the SurveyJS runner in it. vite.config.ts builds it as an extra client entry.

const container = document.getElementById(questionnaireRootId);
const data = readQuestionnaireData(document);
if (container && data) hydrateRoot(container, <QuestionnairePage data={data} Runner={SurveyRunner} />);
