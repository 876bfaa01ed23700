import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { waveEndpoints } from '#app/api/waves.server.ts';
import { serveApi } from '#app/api/endpoint.server.ts';

// GET /api/v1/waves lists waves; POST creates a draft.
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  serveApi(request, params, waveEndpoints.waves);
export const action = ({ request, params }: ActionFunctionArgs) =>
  serveApi(request, params, waveEndpoints.waves);
