import type { FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { HttpProblem } from './http-problem.ts';
import { type ProblemDetails, sendProblem, statusTitle } from './problem-details.ts';
import { isRequestPart, validationProblem } from './validation-problem.ts';

type FastifyLikeError = Error & {
  statusCode?: number;
  code?: string;
  validation?: FastifySchemaValidationError[];
  validationContext?: string;
};

/** Renders every error as RFC 9457 problem+json; only 4xx details reach the client. */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = toProblem(error, request);
  if (problem.status >= 500) {
    request.log.error({ err: error }, 'request failed');
  } else {
    request.log.info(
      { problem: { status: problem.status, title: problem.title, detail: problem.detail } },
      'request rejected',
    );
  }
  return sendProblem(reply, problem);
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(reply, {
    type: 'about:blank',
    title: statusTitle(404),
    status: 404,
    detail: `No route for ${request.method} ${request.url.split('?')[0]}`,
    instance: request.url,
  });
}

function toProblem(error: unknown, request: FastifyRequest): ProblemDetails {
  if (error instanceof HttpProblem) {
    return {
      ...error.extensions,
      type: error.type,
      title: error.title,
      status: error.status,
      ...(error.detail === undefined ? {} : { detail: error.detail }),
      instance: request.url,
    };
  }
  if (error instanceof Error) {
    const { statusCode, code, validation, validationContext } = error as FastifyLikeError;
    if (validation && isRequestPart(validationContext)) {
      return validationProblem(request, validationContext, validation);
    }
    // fastify's own 4xx errors (body too large, unsupported media type, bad JSON) carry safe messages.
    if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
      return {
        type: 'about:blank',
        title: statusTitle(statusCode),
        status: statusCode,
        detail: code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? unsupportedMediaType(request) : error.message,
        instance: request.url,
      };
    }
  }
  return {
    type: 'about:blank',
    title: statusTitle(500),
    status: 500,
    detail: 'An unexpected error occurred. It has been logged under the request id.',
    instance: request.url,
    requestId: request.id,
  };
}

function unsupportedMediaType(request: FastifyRequest): string {
  const contentType = request.headers['content-type'];
  return contentType
    ? `Content-Type ${JSON.stringify(contentType)} is not supported`
    : 'A Content-Type header is required';
}
