import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteAccess } from './access.ts';
import { problemResponse, validationProblemSchema } from './problem-details.ts';

export type ApiInfo = {
  name: string;
  version: string;
  description?: string;
  /** The port the service listens on; names `http://localhost:<port>` as a server when it is fixed (not 0). */
  port?: number;
};

type DocumentedSchema = FastifySchema & { hide?: boolean; response?: Record<string, unknown> };

const inputParts = ['params', 'querystring', 'body', 'headers'] as const;

/** A route `response` entry for a PDF answer (sent as a Buffer, so never serialised). */
export function pdfResponse(description: string) {
  return {
    description,
    content: { 'application/pdf': { schema: z.string().meta({ contentMediaType: 'application/pdf' }) } },
  };
}

/**
 * The problems every route can answer, from what it declares: 400 when it reads input, 413 and 415
 * when it takes a body, 414 when its path has parameters, 401 and 403 unless it is public, 429
 * unless it is exempt from the rate limit.
 * A route's own `response` entries win over these.
 */
export function sharedProblemResponses(
  schema: DocumentedSchema | undefined,
  config: { access?: RouteAccess; rateLimit?: unknown } | undefined,
): Record<string, unknown> {
  const access = config?.access ?? 'admin';
  const responses: Record<string, unknown> = {};
  if (inputParts.some((part) => schema?.[part] !== undefined)) {
    responses[400] = problemResponse(
      'Invalid request: `errors` lists every field that fails the schema',
      validationProblemSchema,
    );
  }
  if (access !== 'public') {
    responses[401] = problemResponse('No API key, or an unknown one (`WWW-Authenticate: Bearer`)');
    responses[403] = problemResponse(`The API key lacks the scope ${access}`);
  }
  if (schema?.body !== undefined) {
    responses[413] = problemResponse('The body is larger than 1 MiB');
    responses[415] = problemResponse('The body is not application/json');
  }
  if (schema?.params !== undefined) {
    // fastify's router refuses a path parameter over maxParamLength (100) before any schema runs.
    responses[414] = problemResponse('A path parameter is longer than 100 characters');
  }
  if (config?.rateLimit !== false) {
    responses[429] = problemResponse('More requests this minute than the rate limit allows (per key)');
  }
  return responses;
}

/**
 * Drops the component schemas nothing refers to: the zod provider emits an input and an output
 * variant of every named schema (`ProblemDetailsInput` beside `ProblemDetails`), most never used.
 */
export function withoutUnusedSchemas<T extends object>(document: T): T {
  const { components } = document as { components?: { schemas?: Record<string, unknown> } };
  const schemas = components?.schemas;
  if (!schemas) return document;
  const refsIn = (value: unknown) =>
    [...JSON.stringify(value).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((match) =>
      decodeURIComponent(match[1] ?? ''),
    );
  const used = new Set(refsIn({ ...document, components: { ...components, schemas: {} } }));
  // Schemas used by used schemas are used too.
  for (let pending = [...used]; pending.length > 0; ) {
    const next = pending.flatMap((name) => refsIn(schemas[name] ?? {})).filter((name) => !used.has(name));
    for (const name of next) used.add(name);
    pending = next;
  }
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  return { ...document, components: { ...components, schemas: kept } };
}

// The address the document was fetched from comes first: it is right wherever the service runs
// (behind a port mapping or a proxy too), where localhost is right only on the service's machine.
function serversOf(port: number | undefined) {
  return [
    { url: '/', description: 'The address this document was fetched from' },
    ...(port ? [{ url: `http://localhost:${port}`, description: 'This service, from its own machine' }] : []),
  ];
}

/** OpenAPI 3.1 built from the zod route schemas; JSON at `/docs/json`, UI at `/docs`. Register before routes. */
export function registerOpenApiDocs(
  app: FastifyInstance,
  { name, version, description, port }: ApiInfo,
): void {
  app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: name, version, ...(description === undefined ? {} : { description }) },
      servers: serversOf(port),
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key' } } },
      security: [{ apiKey: [] }],
    },
    // Each operation names the scope it needs (admin when the route declares none; none for public),
    // and the problems every route of its kind can answer.
    transform: (input) => {
      const route = input.route as RouteOptions;
      const config = route.config as { access?: RouteAccess; rateLimit?: unknown } | undefined;
      const schema = input.schema as DocumentedSchema | undefined;
      if (schema?.hide) return jsonSchemaTransform(input);
      const documented = {
        ...schema,
        response: { ...sharedProblemResponses(schema, config), ...schema?.response },
      };
      const output = jsonSchemaTransform({ ...input, schema: documented });
      const access = config?.access ?? 'admin';
      return {
        ...output,
        schema: { ...output.schema, security: access === 'public' ? [] : [{ apiKey: [access] }] },
      };
    },
    transformObject: (input) => withoutUnusedSchemas(jsonSchemaTransformObject(input)),
  });
  app.register(fastifySwaggerUi, { routePrefix: '/docs' });
}
