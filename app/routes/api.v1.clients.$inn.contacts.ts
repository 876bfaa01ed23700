import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { clientEndpoints } from '#app/api/clients.server.ts';
import { serveApi } from '#app/api/endpoint.server.ts';

// GET a client's contacts; POST upserts one by e-mail.
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  serveApi(request, params, clientEndpoints.contacts);
export const action = ({ request, params }: ActionFunctionArgs) =>
  serveApi(request, params, clientEndpoints.contacts);
