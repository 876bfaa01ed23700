import { openApiDocument } from '#app/api/openapi.server.ts';

// The OpenAPI 3.1 document, public like any API reference: it describes shapes, never data.
export function loader() {
  return new Response(JSON.stringify(openApiDocument()), {
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'public, max-age=300' },
  });
}
