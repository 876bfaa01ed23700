import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { scoreEndpoints } from '#app/api/scores.server.ts';
import { serveApi } from '#app/api/endpoint.server.ts';

// GET /api/v1/scores: a metric by up to two dimensions.
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  serveApi(request, params, scoreEndpoints.scores);
export const action = ({ request, params }: ActionFunctionArgs) =>
  serveApi(request, params, scoreEndpoints.scores);
