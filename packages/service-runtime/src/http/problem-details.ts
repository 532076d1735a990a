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

/** For documenting error responses in route schemas, e.g. `response: { 409: problemDetailsSchema }`. */
export const problemDetailsSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
  })
  .meta({ description: 'RFC 9457 problem details (application/problem+json)' });

/** A route `response` entry documenting a problem+json answer, e.g. `response: { 409: problemResponse('...') }`. */
export function problemResponse(description: string) {
  return { description, content: { [problemContentType]: { schema: problemDetailsSchema } } };
}

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

export function sendProblem(reply: FastifyReply, problem: ProblemDetails): FastifyReply {
  // A pre-serialised string skips the route's response serializer, which only knows the success schemas.
  return reply.code(problem.status).type(problemContentType).send(JSON.stringify(problem));
}
