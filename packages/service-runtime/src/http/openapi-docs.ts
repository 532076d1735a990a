import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { RouteAccess } from './access.ts';

export type ApiInfo = { name: string; version: string; description?: string };

/** OpenAPI 3.1 built from the zod route schemas; JSON at `/docs/json`, UI at `/docs`. Register before routes. */
export function registerOpenApiDocs(app: FastifyInstance, { name, version, description }: ApiInfo): void {
  app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: name, version, ...(description === undefined ? {} : { description }) },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key' } } },
      security: [{ apiKey: [] }],
    },
    // Each operation names the scope it needs (admin when the route declares none; none for public).
    transform: (input) => {
      const output = jsonSchemaTransform(input);
      const access: RouteAccess =
        (input.route.config as { access?: RouteAccess } | undefined)?.access ?? 'admin';
      return {
        ...output,
        schema: { ...output.schema, security: access === 'public' ? [] : [{ apiKey: [access] }] },
      };
    },
    transformObject: jsonSchemaTransformObject,
  });
  app.register(fastifySwaggerUi, { routePrefix: '/docs' });
}
