import { EntityId } from '@dunning/contracts';
import type { FastifyPluginAsyncZod } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import { findPreferences, savePreferences } from '../db/preferences.queries.ts';

const hour = z.int().min(0).max(23);

const ContactPreferencesBody = z.strictObject({
  optedOutChannels: z
    .array(z.enum(['email', 'sms']))
    .default([])
    .meta({ description: 'Channels the customer refuses; legal letters cannot be refused' }),
  quietHours: z
    .strictObject({ start: hour, end: hour })
    .optional()
    .meta({ description: "Local hours [start, end) in the customer's time zone; default: the service's" }),
  dailyCap: z
    .int()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'Emails + SMS per day; default: the service’s' }),
});

export const contactPreferencesRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool }> = async (app, { pool }) => {
  const params = z.object({ customerId: EntityId });

  app.put(
    '/v1/customers/:customerId/contact-preferences',
    {
      schema: {
        tags: ['contact preferences'],
        operationId: 'putContactPreferences',
        summary: "Replace a customer's channel opt-outs, quiet hours and daily cap",
        params,
        body: ContactPreferencesBody,
        response: { 200: ContactPreferencesBody.extend({ customerId: z.string() }) },
      },
    },
    async (request) => {
      await savePreferences(pool, request.params.customerId, request.body);
      return { customerId: request.params.customerId, ...request.body };
    },
  );

  app.get(
    '/v1/customers/:customerId/contact-preferences',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['contact preferences'],
        operationId: 'getContactPreferences',
        summary: "A customer's contact preferences (defaults when none were set)",
        params,
        response: { 200: ContactPreferencesBody.extend({ customerId: z.string() }) },
      },
    },
    async (request) => {
      const stored = await findPreferences(pool, request.params.customerId);
      return { customerId: request.params.customerId, optedOutChannels: [], ...stored };
    },
  );
};
