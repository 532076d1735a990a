import { findUnstorableText } from '@dunning/contracts';
import type { FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { type $ZodIssue, $ZodType, safeParse } from 'zod/v4/core';
import { type ProblemDetails, problemTypeBase } from './problem-details.ts';

export type RequestPart = 'params' | 'body' | 'querystring' | 'headers';

/** One invalid input field; `path` is dotted and starts with the request part, e.g. `body.lines.0.amount`. */
export type FieldError = { path: string; message: string };

// The order fastify validates in; it stops at the first failing part.
const partOrder: readonly RequestPart[] = ['params', 'body', 'querystring', 'headers'];

export function isRequestPart(value: unknown): value is RequestPart {
  return partOrder.includes(value as RequestPart);
}

export function validationProblem(
  request: FastifyRequest,
  failedPart: RequestPart,
  fallback: readonly FastifySchemaValidationError[],
): ProblemDetails {
  const errors = collectFieldErrors(request, failedPart, fallback);
  return {
    type: `${problemTypeBase}invalid-request`,
    title: 'Invalid request',
    status: 400,
    detail: `${errors.length} invalid field${errors.length === 1 ? '' : 's'}; see errors.`,
    instance: request.url,
    errors,
  };
}

// Parts after the failing one were never validated, and parsing the failing part ourselves keeps
// zod's path segments intact (fastify's instancePath joins them with '/'), so every field is reported once.
function collectFieldErrors(
  request: FastifyRequest,
  failedPart: RequestPart,
  fallback: readonly FastifySchemaValidationError[],
): FieldError[] {
  const errors: FieldError[] = [];
  for (const part of partOrder.slice(partOrder.indexOf(failedPart))) {
    const schema = request.routeOptions.schema?.[part];
    if (!(schema instanceof $ZodType)) continue;
    // Text the database cannot store is refused before the schema runs (see storable-input.ts).
    for (const { path, message } of findUnstorableText(partValue(request, part)))
      errors.push({ path: [part, ...path.map(String)].join('.'), message });
    const result = safeParse(schema, partValue(request, part));
    if (!result.success) errors.push(...result.error.issues.flatMap((issue) => fromZodIssue(part, issue)));
  }
  return errors.length > 0 ? errors : fallback.map((entry) => fromFastifyEntry(failedPart, entry));
}

function partValue(request: FastifyRequest, part: RequestPart): unknown {
  const value = part === 'querystring' ? request.query : request[part];
  // fastify hands validators null for a missing body; match it so messages agree.
  return value === undefined ? null : value;
}

function fromZodIssue(part: RequestPart, issue: $ZodIssue): FieldError[] {
  const base = [part, ...issue.path.map(String)];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...base, key].join('.'), message: 'Unrecognized key' }));
  }
  return [{ path: base.join('.'), message: issue.message }];
}

function fromFastifyEntry(part: RequestPart, entry: FastifySchemaValidationError): FieldError {
  const segments = entry.instancePath
    .split('/')
    .filter((segment) => segment.length > 0)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
  return { path: [part, ...segments].join('.'), message: entry.message ?? 'is invalid' };
}
