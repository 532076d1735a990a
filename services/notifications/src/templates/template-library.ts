import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locale } from '@dunning/contracts';
import Handlebars from 'handlebars';
import type { NoticeVariables } from '../domain/notice-variables.ts';

/** The parts a template key may have; `letter` is the body of a printed letter. */
export const templateParts = ['subject', 'text', 'html', 'sms', 'letter'] as const;
export type TemplatePart = (typeof templateParts)[number];

export interface RenderedNotice {
  templateKey: string;
  locale: Locale;
  subject: string;
  text: string;
  html: string;
  sms: string;
  /** Paragraphs of the letter body (the `letter` part, else the text part). */
  letter: string[];
}

const templatesDir = fileURLToPath(new URL('.', import.meta.url));
const fileName = /^([a-z0-9][a-z0-9._-]*)\.(en|zh-CN)\.(subject|text|html|sms|letter)\.hbs$/;

/**
 * The templates in this folder, `<templateKey>.<locale>.<part>.hbs`, compiled once. Only the html part
 * escapes what it prints (customer names, invoice numbers come from ERPs); text, subject and SMS are
 * plain text and must not carry HTML entities.
 */
export class TemplateLibrary {
  readonly #templates = new Map<string, Handlebars.TemplateDelegate>();
  readonly #keys = new Set<string>();
  readonly #handlebars = Handlebars.create();

  constructor(dir = templatesDir) {
    for (const file of readdirSync(`${dir}/partials`)) {
      const name = file.replace(/\.hbs$/, '').replaceAll('.', '-');
      this.#handlebars.registerPartial(name, readFileSync(`${dir}/partials/${file}`, 'utf8'));
    }
    for (const file of readdirSync(dir)) {
      const match = fileName.exec(file);
      if (!match) continue;
      const [, key, locale, part] = match;
      const source = readFileSync(`${dir}/${file}`, 'utf8');
      const template = this.#handlebars.compile(source, { noEscape: part !== 'html', strict: false });
      this.#templates.set(`${key}.${locale}.${part}`, template);
      this.#keys.add(key as string);
    }
  }

  /** The template keys that exist (for any locale). */
  keys(): string[] {
    return [...this.#keys].sort();
  }

  has(templateKey: string, locale: Locale): boolean {
    return this.#templates.has(`${templateKey}.${locale}.subject`);
  }

  /** The first of `candidates` that exists in `locale`, else in English; undefined when none does. */
  resolve(candidates: string[], locale: Locale): { templateKey: string; locale: Locale } | undefined {
    for (const tryLocale of locale === 'en' ? (['en'] as const) : ([locale, 'en'] as const)) {
      const templateKey = candidates.find((key) => this.has(key, tryLocale));
      if (templateKey) return { templateKey, locale: tryLocale };
    }
    return undefined;
  }

  render(templateKey: string, locale: Locale, variables: NoticeVariables): RenderedNotice {
    const part = (name: TemplatePart) => this.#templates.get(`${templateKey}.${locale}.${name}`)?.(variables);
    const text = (part('text') ?? '').trim();
    return {
      templateKey,
      locale,
      subject: oneLine(part('subject') ?? ''),
      text,
      html: (part('html') ?? '').trim(),
      sms: oneLine(part('sms') ?? ''),
      letter: paragraphs(part('letter') ?? text),
    };
  }
}

function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

function paragraphs(value: string): string[] {
  return value
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
}
