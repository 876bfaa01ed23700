import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { waveEndpoints } from '#app/api/waves.server.ts';
import { serveApi } from '#app/api/endpoint.server.ts';

// POST /api/v1/invitations: one personal link for one contact.
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  serveApi(request, params, waveEndpoints.invitations);
export const action = ({ request, params }: ActionFunctionArgs) =>
  serveApi(request, params, waveEndpoints.invitations);
