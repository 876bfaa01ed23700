import { readdirSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { allEndpoints } from '#app/api/openapi.server.ts';
import { callApiJson } from './api-client.ts';

// The published document is valid OpenAPI 3.1, and it is the API: every route file serves what the
// document lists, generated from the very schemas the requests are validated with.

describe('the OpenAPI document', () => {
  it('is served at /api/v1/openapi.json without a token and validates as OpenAPI 3.1', async () => {
    const { status, body } = await callApiJson('GET', '/api/v1/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    // validate() dereferences in place; give it a copy.
    await expect(SwaggerParser.validate(structuredClone(body) as never)).resolves.toBeTruthy();
  });

  it('documents every endpoint with its permission, its refusals as problem+json and bearer auth', async () => {
    const { body } = await callApiJson<{ paths: Record<string, Record<string, Record<string, unknown>>> }>(
      'GET',
      '/api/v1/openapi.json',
    );
    const operations = Object.values(body.paths).flatMap((path) => Object.values(path));
    expect(operations).toHaveLength(allEndpoints.length);
    for (const operation of operations) {
      expect(operation.security).toEqual([{ bearerToken: [] }]);
      expect(operation['x-permission']).toMatch(/^[a-z]+:(read|write)$/);
      const responses = operation.responses as Record<string, { content?: Record<string, unknown> }>;
      for (const status of ['400', '401', '403', '429'])
        expect(Object.keys(responses[status].content ?? {})).toEqual(['application/problem+json']);
    }
    expect(body.paths['/api/v1/clients'].post.requestBody).toMatchObject({
      content: { 'application/json': { schema: { required: expect.arrayContaining(['inn', 'okved2']) } } },
    });
  });

  it('has a route module for every documented path and none undocumented', () => {
    const files = readdirSync(new URL('../../app/routes/', import.meta.url)).filter(
      (file) =>
        file.startsWith('api.v1.') && !file.startsWith('api.v1.$') && !file.startsWith('api.v1.openapi'),
    );
    const routePaths = files.map(
      (file) =>
        `/${file
          .replace(/\.ts$/, '')
          .split('.')
          .map((segment) => (segment.startsWith('$') ? `{${segment.slice(1)}}` : segment))
          .join('/')}`,
    );
    const documentedPaths = [...new Set(allEndpoints.map((endpoint) => `/api/v1${endpoint.path}`))];
    expect(new Set(routePaths)).toEqual(new Set(documentedPaths));
  });
});
