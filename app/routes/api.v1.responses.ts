import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { responseEndpoints } from '#app/api/responses.server.ts';
import { serveApi } from '#app/api/endpoint.server.ts';

// GET /api/v1/responses: completed responses by cursor.
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  serveApi(request, params, responseEndpoints.responses);
export const action = ({ request, params }: ActionFunctionArgs) =>
  serveApi(request, params, responseEndpoints.responses);
