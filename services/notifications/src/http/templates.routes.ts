import {
  Address,
  CollectorContact,
  DunnedInvoice,
  DunningCharge,
  IsoDate,
  Locale,
  Name,
  TimeZone,
} from '@dunning/contracts';
import {
  type FastifyPluginAsyncZod,
  HttpProblem,
  pdfResponse,
  problemResponse,
} from '@dunning/service-runtime';
import { z } from 'zod';
import { DeliveryError } from '../channels/channel.ts';
import { renderLetterPdf } from '../channels/letter-pdf.ts';
import { renderAction } from '../commands/render-notice.ts';
import type { Sender } from '../domain/notice-variables.ts';
import type { TemplateLibrary } from '../templates/template-library.ts';

const PreviewBody = z.strictObject({
  locale: Locale,
  customer: z.strictObject({
    customerId: z.string().default('preview'),
    name: Name,
    timezone: TimeZone.default('UTC'),
    address: Address.default({ line1: '1 Sample Street', city: 'Sample City', country: 'CN' }),
  }),
  step: z.string().min(1).max(100).optional().meta({ description: 'Defaults to the template key' }),
  level: z.int().min(0).default(1),
  invoices: z.array(DunnedInvoice).min(1),
  charges: z.array(DunningCharge).default([]),
  deadline: IsoDate.optional(),
  collector: CollectorContact.optional(),
  date: z.iso.datetime({ offset: true }).optional().meta({ description: 'Date printed; defaults to now' }),
});

const PreviewResponse = z.object({
  templateKey: z.string(),
  locale: Locale,
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  sms: z.string(),
  letter: z.array(z.string()).meta({ description: 'Paragraphs of the letter body' }),
});

export interface TemplatesRoutesOptions {
  library: TemplateLibrary;
  sender: Sender;
  now: () => Date;
}

const noTemplate = problemResponse('No such template');
const notRenderable = problemResponse('The sample variables cannot be rendered with this template');

export const templatesRoutes: FastifyPluginAsyncZod<TemplatesRoutesOptions> = async (
  app,
  { library, sender, now },
) => {
  app.get(
    '/v1/templates',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['templates'],
        operationId: 'listTemplates',
        summary: 'The template keys the service ships',
        response: {
          200: z.object({ items: z.array(z.object({ templateKey: z.string(), locales: z.array(Locale) })) }),
        },
      },
    },
    async () => ({
      items: library.keys().map((templateKey) => ({
        templateKey,
        locales: Locale.options.filter((locale) => library.has(templateKey, locale)),
      })),
    }),
  );

  const params = z.object({ templateKey: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/) });

  function preview(templateKey: string, body: z.output<typeof PreviewBody>) {
    if (!library.has(templateKey, 'en') && !library.has(templateKey, body.locale)) {
      throw new HttpProblem({ status: 404, detail: `no template ${templateKey}` });
    }
    const requestedAt = body.date ?? now().toISOString();
    const action = {
      actionId: 'preview',
      customerId: body.customer.customerId,
      policyId: 'preview',
      policyVersion: 1,
      step: body.step ?? templateKey,
      level: body.level,
      channel: 'email' as const,
      templateKey,
      invoices: body.invoices,
      charges: body.charges,
      deadline: body.deadline,
      collector: body.collector,
      requestedAt,
    };
    try {
      const result = renderAction(
        library,
        sender,
        action,
        { ...body.customer, locale: body.locale },
        body.locale,
      );
      return { ...result, requestedAt: new Date(requestedAt) };
    } catch (error) {
      if (error instanceof DeliveryError) throw new HttpProblem({ status: 422, detail: error.message });
      throw error;
    }
  }

  app.post(
    '/v1/templates/:templateKey/preview',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['templates'],
        operationId: 'previewTemplate',
        summary: 'Render a template with sample variables: subject, text, HTML, SMS and letter paragraphs',
        params,
        body: PreviewBody,
        response: { 200: PreviewResponse, 404: noTemplate, 422: notRenderable },
      },
    },
    async (request) => {
      const { rendered } = preview(request.params.templateKey, request.body);
      const { templateKey, locale, subject, text, html, sms, letter } = rendered;
      return { templateKey, locale, subject, text, html, sms, letter };
    },
  );

  app.post(
    '/v1/templates/:templateKey/preview/letter',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['templates'],
        operationId: 'previewTemplateLetter',
        summary: 'Render the printed letter (application/pdf) of a template with sample variables',
        params,
        body: PreviewBody,
        response: {
          200: pdfResponse('The letter as it would be printed'),
          404: noTemplate,
          422: notRenderable,
        },
      },
    },
    async (request, reply) => {
      const { variables, rendered, requestedAt } = preview(request.params.templateKey, request.body);
      const pdf = await renderLetterPdf(variables, rendered, requestedAt);
      return reply.header('content-type', 'application/pdf').send(pdf);
    },
  );
};
