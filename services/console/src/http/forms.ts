import type { FastifyInstance } from 'fastify';

/** A posted form: one value per field, or all of them when a field repeats (checkboxes). */
export type FormBody = Record<string, string | string[]>;

export function registerFormParser(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_request, body, done) => {
      const form: FormBody = {};
      for (const [key, value] of new URLSearchParams(body as string)) {
        const seen = form[key];
        form[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
      }
      done(null, form);
    },
  );
}

/** One field's value (the first when repeated), trimmed; undefined when absent or empty. */
export function field(form: unknown, name: string): string | undefined {
  const value = (form as FormBody | undefined)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  const trimmed = first?.trim();
  return trimmed ? trimmed : undefined;
}

/** Every value of a repeated field. */
export function fields(form: unknown, name: string): string[] {
  const value = (form as FormBody | undefined)?.[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
