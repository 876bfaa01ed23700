import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '#app/auth/session.server.ts';
import { getSurvey } from '#app/models/surveys.server.ts';

// The SurveyJS JSON of one version, as a download: the starting point for editing a survey in any
// SurveyJS tool and importing it back as the next version.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, 'surveys:read');
  const version = new URL(request.url).searchParams.get('version');
  const { survey, selected } = await getSurvey({ id: params.surveyId!, version });
  return new Response(`${JSON.stringify(selected.definition, null, 2)}\n`, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${survey.key}-v${selected.version}.json"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
