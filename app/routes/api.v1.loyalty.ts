import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { serveApi } from '#app/api/endpoint.server.ts';
import { loyaltyEndpoints } from '#app/api/loyalty.server.ts';

// GET /api/v1/loyalty: each client's loyalty state, by cursor.
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  serveApi(request, params, loyaltyEndpoints.feed);
export const action = ({ request, params }: ActionFunctionArgs) =>
  serveApi(request, params, loyaltyEndpoints.feed);
