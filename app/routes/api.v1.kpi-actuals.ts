import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { serveApi } from '#app/api/endpoint.server.ts';
import { loyaltyEndpoints } from '#app/api/loyalty.server.ts';

// POST /api/v1/kpi-actuals: monthly KPI actuals, all rows or none.
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  serveApi(request, params, loyaltyEndpoints.kpiActuals);
export const action = ({ request, params }: ActionFunctionArgs) =>
  serveApi(request, params, loyaltyEndpoints.kpiActuals);
