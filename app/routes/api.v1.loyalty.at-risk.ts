import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { serveApi } from '#app/api/endpoint.server.ts';
import { loyaltyEndpoints } from '#app/api/loyalty.server.ts';

// GET /api/v1/loyalty/at-risk: accounts at risk by revenue.
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  serveApi(request, params, loyaltyEndpoints.atRisk);
export const action = ({ request, params }: ActionFunctionArgs) =>
  serveApi(request, params, loyaltyEndpoints.atRisk);
