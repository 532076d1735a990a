import type { FastifyInstance } from 'fastify';
import { HttpProblem } from './http-problem.ts';
import { problemTypeBase } from './problem-details.ts';

/** `name` of a query pair as far as it can be read, for the problem's path. */
function readableName(rawName: string): string {
  try {
    return decodeURIComponent(rawName.replaceAll('+', ' '));
  } catch {
    return rawName.slice(0, 100);
  }
}

/**
 * Refuses a query string whose percent-encoding is not UTF-8 (an encoded lone surrogate, a cut
 * sequence). The query parser would turn those bytes into U+FFFD and the route would answer for a
 * value the client never sent; instead the client gets a 400 naming the parameter, as for a body.
 */
export function refuseBadQueryEncoding(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const at = request.url.indexOf('?');
    if (at < 0 || !request.url.includes('%', at)) return;
    for (const pair of request.url.slice(at + 1).split('&')) {
      const [rawName = '', ...rest] = pair.split('=');
      try {
        decodeURIComponent(rawName.replaceAll('+', ' '));
        decodeURIComponent(rest.join('=').replaceAll('+', ' '));
      } catch {
        throw new HttpProblem({
          status: 400,
          type: `${problemTypeBase}invalid-request`,
          detail: 'the query string is not valid UTF-8 percent-encoding',
          extensions: {
            errors: [
              { path: `querystring.${readableName(rawName)}`, message: 'not valid UTF-8 percent-encoding' },
            ],
          },
        });
      }
    }
  });
}
