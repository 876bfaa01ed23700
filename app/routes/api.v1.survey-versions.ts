import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { waveEndpoints } from '#app/api/waves.server.ts';
import { serveApi } from '#app/api/endpoint.server.ts';

// GET /api/v1/survey-versions: what a wave can ask.
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  serveApi(request, params, waveEndpoints.surveyVersions);
export const action = ({ request, params }: ActionFunctionArgs) =>
  serveApi(request, params, waveEndpoints.surveyVersions);
