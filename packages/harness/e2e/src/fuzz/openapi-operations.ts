import type { JsonSchema } from './json-schema.ts';

export interface Parameter {
  name: string;
  schema: JsonSchema;
  required: boolean;
}

/** One documented operation, as far as the fuzzer needs it. */
export interface Operation {
  service: string;
  method: string;
  /** OpenAPI path with `{name}` placeholders. */
  path: string;
  pathParams: Parameter[];
  query: Parameter[];
  /** The application/json request body, when the operation takes one. */
  body?: JsonSchema;
  /** The scope the document says the operation needs, or `public` when it declares no security. */
  access: string;
  /** Label for reports: `invoices POST /v1/invoices`. */
  label: string;
}

interface OpenApiOperation {
  parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  security?: { apiKey?: string[] }[];
}

/** Every operation of an OpenAPI 3.1 document (`GET /docs/json`), in document order. */
export function operationsOf(service: string, document: unknown): Operation[] {
  const paths = (document as { paths: Record<string, Record<string, OpenApiOperation>> }).paths;
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]): Operation => {
      const parameters = operation.parameters ?? [];
      const pick = (where: string) =>
        parameters
          .filter((parameter) => parameter.in === where)
          .map((parameter) => ({
            name: parameter.name,
            schema: parameter.schema,
            required: parameter.required ?? where === 'path',
          }));
      const body = operation.requestBody?.content?.['application/json']?.schema;
      const scopes = operation.security?.[0]?.apiKey;
      return {
        service,
        method: method.toUpperCase(),
        path,
        pathParams: pick('path'),
        query: pick('query'),
        ...(body ? { body } : {}),
        access: scopes?.[0] ?? 'public',
        label: `${service} ${method.toUpperCase()} ${path}`,
      };
    }),
  );
}
