import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatAmount, formatDate, formatInstant, formatNumber } from '../i18n/format.ts';
import { type Locale, type MessageKey, translate } from '../i18n/messages.ts';

// One engine for the whole console; `<%= %>` escapes, and templates use nothing else for data.
const eta = new Eta({
  views: fileURLToPath(new URL('../views', import.meta.url)),
  autoEscape: true,
  cache: true,
});

/** What every template gets besides its own data: the reader's language and formatting, the user. */
export function pageHelpers(request: FastifyRequest) {
  const locale: Locale = request.user?.locale ?? 'en';
  return {
    locale,
    user: request.user,
    csrf: request.user?.csrfToken ?? request.loginCsrf ?? '',
    t: (key: MessageKey, values?: Record<string, string | number>) => translate(locale, key, values),
    amount: (amount: string, currency: string) => formatAmount(locale, amount, currency),
    date: (isoDate: string) => formatDate(locale, isoDate),
    instant: (iso: string, timeZone?: string) => formatInstant(locale, iso, timeZone),
    number: (value: string | number | null, digits?: number) => formatNumber(locale, value, digits),
  };
}

/** A template rendered for the request's reader (what renderPage sends). */
export function renderView(request: FastifyRequest, template: string, data: Record<string, unknown> = {}) {
  return eta.render(template, { ...pageHelpers(request), ...data });
}

export function renderPage(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  data: Record<string, unknown> = {},
  status = 200,
) {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(renderView(request, template, data));
}
