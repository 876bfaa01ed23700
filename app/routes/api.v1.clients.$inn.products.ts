import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { clientEndpoints } from '#app/api/clients.server.ts';
import { serveApi } from '#app/api/endpoint.server.ts';

// GET a client's product usage; PUT replaces it.
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  serveApi(request, params, clientEndpoints.usage);
export const action = ({ request, params }: ActionFunctionArgs) =>
  serveApi(request, params, clientEndpoints.usage);
