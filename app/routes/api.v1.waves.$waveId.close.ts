import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { serveApi } from '#app/api/endpoint.server.ts';
import { waveEndpoints } from '#app/api/waves.server.ts';

// POST closes a running wave.
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  serveApi(request, params, waveEndpoints.close);
export const action = ({ request, params }: ActionFunctionArgs) =>
  serveApi(request, params, waveEndpoints.close);
