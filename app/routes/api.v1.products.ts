import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { clientEndpoints } from '#app/api/clients.server.ts';
import { serveApi } from '#app/api/endpoint.server.ts';

// GET /api/v1/products: the catalogue.
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  serveApi(request, params, clientEndpoints.products);
export const action = ({ request, params }: ActionFunctionArgs) =>
  serveApi(request, params, clientEndpoints.products);
