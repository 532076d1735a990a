import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';

export const problemContentType = 'application/problem+json';

// Problem types that are not just "the HTTP status" get a URI of their own (RFC 9457 §3.1.1);
// `.example` keeps them non-resolvable identifiers rather than promising documentation pages.
export const problemTypeBase = 'https://dunning.example/problems/';

/** RFC 9457 problem details; extension members sit beside the standard ones. */
export type ProblemDetails = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
};

const problemFields = {
  type: z
    .string()
    .meta({ description: 'URI of the problem type; `about:blank` when the status says it all' }),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional().meta({ description: 'The request path and query that met the problem' }),
};

/**
 * For documenting error responses in route schemas, e.g. `response: { 409: problemDetailsSchema }`.
 * One named schema (`ProblemDetails`) in every service's OpenAPI document, so generated clients share a type.
 */
export const problemDetailsSchema = z.looseObject(problemFields).meta({
  id: 'ProblemDetails',
  description: 'RFC 9457 problem details (application/problem+json); extension members sit beside these',
});

/** What a request that fails its schema is answered: a problem listing every invalid field. */
export const validationProblemSchema = z
  .looseObject({
    ...problemFields,
    errors: z
      .array(
        z.object({
          path: z
            .string()
            .meta({ description: 'Dotted, starting with the request part, e.g. body.lines.0.amount' }),
          message: z.string(),
        }),
      )
      .optional()
      .meta({
        description: 'Every invalid field; absent when the request could not be read at all (e.g. bad JSON)',
      }),
  })
  .meta({
    id: 'ValidationProblem',
    description: `RFC 9457 problem details; type ${problemTypeBase}invalid-request when fields failed the schema`,
  });

/** A route `response` entry documenting a problem+json answer, e.g. `response: { 409: problemResponse('...') }`. */
export function problemResponse(description: string, schema: z.ZodType = problemDetailsSchema) {
  return { description, content: { [problemContentType]: { schema } } };
}

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

export function sendProblem(reply: FastifyReply, problem: ProblemDetails): FastifyReply {
  // A pre-serialised string skips the route's response serializer, which only knows the success schemas.
  return reply.code(problem.status).type(problemContentType).send(JSON.stringify(problem));
}
