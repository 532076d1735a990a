import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export type ApiInfo = { name: string; version: string; description?: string };

/** OpenAPI 3.1 built from the zod route schemas; JSON at `/docs/json`, UI at `/docs`. Register before routes. */
export function registerOpenApiDocs(app: FastifyInstance, { name, version, description }: ApiInfo): void {
  app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: name, version, ...(description === undefined ? {} : { description }) },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  app.register(fastifySwaggerUi, { routePrefix: '/docs' });
}
