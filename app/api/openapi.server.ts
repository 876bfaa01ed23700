import { z } from 'zod';
import { clientEndpoints } from './clients.server.ts';
import type { Endpoint } from './endpoint.server.ts';
import { loyaltyEndpoints } from './loyalty.server.ts';
import { responseEndpoints } from './responses.server.ts';
import { scoreEndpoints } from './scores.server.ts';
import { waveEndpoints } from './waves.server.ts';

// The OpenAPI 3.1 document, generated from the endpoint declarations: the zod schemas that
// validate each request are the schemas the document publishes (JSON Schema 2020-12, which
// OpenAPI 3.1 uses as is).

export const API_BASE = '/api/v1';

export const allEndpoints: Endpoint[] = [
  ...Object.values(clientEndpoints),
  ...Object.values(waveEndpoints),
  ...Object.values(responseEndpoints),
  ...Object.values(scoreEndpoints),
  ...Object.values(loyaltyEndpoints),
].flat();

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    const isList =
      Array.isArray(property.anyOf) && (property.anyOf as JsonSchema[]).some((part) => part.type === 'array');
    return {
      name,
      in: location,
      required: location === 'path' || (object.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: propertySchema,
      ...(isList ? { style: 'form', explode: true } : {}),
    };
  });
}

const refusalText: Record<number, string> = {
  400: 'The request is not valid; errors name each field',
  401: 'No token, or an unknown or revoked one',
  403: 'The token lacks the permission for this area',
  404: "Not found, or outside the token's unit or portfolio",
  409: 'Conflicts with the current state',
  422: 'Valid in shape but cannot be carried out; errors name the field',
  429: 'Rate limit of the token reached',
};

const problem = { $ref: '#/components/schemas/Problem' };

function operation(endpoint: Endpoint) {
  const refusals = [
    ...new Set([400, 401, 403, 429, ...(endpoint.refusals ?? []), ...(endpoint.body ? [422] : [])]),
  ].sort();
  const success = String(endpoint.successStatus ?? 200);
  return {
    operationId: endpoint.operationId,
    summary: endpoint.summary,
    ...(endpoint.description ? { description: endpoint.description } : {}),
    tags: [endpoint.tag],
    security: [{ bearerToken: [] }],
    'x-permission': endpoint.permission,
    parameters: [...parameters(endpoint.params, 'path'), ...parameters(endpoint.query, 'query')],
    ...(endpoint.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(endpoint.body, 'input') } },
          },
        }
      : {}),
    responses: {
      [success]: {
        description: endpoint.mediaType ? 'One JSON object per line' : 'Success',
        content: {
          [endpoint.mediaType ?? 'application/json']: { schema: jsonSchema(endpoint.response, 'output') },
        },
      },
      ...Object.fromEntries(
        refusals.map((status) => [
          String(status),
          {
            description: refusalText[status] ?? 'Refused',
            ...(status === 429
              ? {
                  headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
                }
              : {}),
            content: { 'application/problem+json': { schema: problem } },
          },
        ]),
      ),
    },
  };
}

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const endpoint of allEndpoints) {
    const path = `${API_BASE}${endpoint.path}`;
    paths[path] ??= {};
    paths[path][endpoint.method.toLowerCase()] = operation(endpoint);
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Barometer API',
      version: '1.0.0',
      description:
        "Clients and contacts for CRM sync, waves and invitations, responses and scores. Authenticate with an API token an administrator creates under Settings → API tokens: `Authorization: Bearer brm_…`. Each token has read or write access per area and may be limited to one unit or one manager's portfolio; anything outside it answers 404. Errors are RFC 9457 problem details whose `errors` name each field.",
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'Clients', description: 'Clients, contacts, products and usage' },
      { name: 'Waves', description: 'Survey waves: create, launch, status' },
      { name: 'Invitations', description: 'Personal links for one contact' },
      { name: 'Responses', description: 'Completed responses, paginated by cursor, and their export' },
      { name: 'Scores', description: "The dashboards' aggregations with suppression" },
      { name: 'Loyalty', description: 'The segmentation feed: loyalty states and the at-risk list' },
      { name: 'KPIs', description: "Monthly KPI actuals from the bank's or plant's systems" },
    ],
    paths,
    components: {
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token (brm_…)' },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string', format: 'uri' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                required: ['field', 'message'],
                properties: { field: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  };
  return cached;
}
