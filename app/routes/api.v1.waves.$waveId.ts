import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { waveEndpoints } from '#app/api/waves.server.ts';
import { serveApi } from '#app/api/endpoint.server.ts';

// GET a wave's status and funnel.
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  serveApi(request, params, waveEndpoints.wave);
export const action = ({ request, params }: ActionFunctionArgs) =>
  serveApi(request, params, waveEndpoints.wave);
