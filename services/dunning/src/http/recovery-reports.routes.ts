import { CurrencyCode, EntityId, formatMinorUnits, Instant, TaskOutcome } from '@dunning/contracts';
import { type FastifyPluginAsyncZod, HttpProblem } from '@dunning/service-runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { collectorRows, type ReportFilter, recoveryRows } from '../db/recovery-report.queries.ts';
import { type CsvCell, toCsv } from '../domain/csv.ts';
import { type CollectionCosts, ratio } from '../domain/report-figures.ts';

const Query = z.strictObject({
  from: Instant.meta({ description: 'Start of the period (included)' }),
  to: Instant.meta({ description: 'End of the period (excluded)' }),
  currency: CurrencyCode.optional(),
  collectorId: EntityId.optional(),
});

const Money = z.string().meta({ description: 'Decimal string in the currency' });
const Rate = z.string().nullable().meta({ description: 'Four decimals, rounded down; null when undefined' });

const Figure = {
  currency: z.string(),
  invoices: z.number().int().meta({ description: 'Invoices overdue with a balance at `from`' }),
  recoveredInvoices: z.number().int().meta({ description: 'Of those, invoices with anything recovered' }),
  overdueAtStart: Money,
  recovered: Money,
  recoveryRate: Rate.meta({ description: 'recovered / overdueAtStart, four decimals rounded down' }),
};

const RecoveryReport = z.object({
  from: z.string(),
  to: z.string(),
  total: z.array(z.object(Figure)),
  byCollector: z.array(z.object({ collectorId: z.string().nullable(), ...Figure })),
  byLevel: z.array(z.object({ level: z.number().int().nullable(), ...Figure })),
  byChannel: z.array(
    z.object({
      channel: z.string().meta({ description: 'email, sms, letter; none: no notice before recovery' }),
      ...Figure,
      notices: z
        .number()
        .int()
        .meta({ description: 'Notices on this channel in the period on these invoices' }),
      cost: Money.nullable(),
      costPerRecoveredUnit: Rate,
    }),
  ),
});

const CollectorFigures = z.object({
  collectorId: z.string(),
  currency: z.string(),
  tasksCreated: z.number().int(),
  tasksDone: z.number().int(),
  outcomes: z.record(z.string(), z.number().int()).meta({ description: 'Done tasks by outcome' }),
  promises: z.object({ recorded: z.number().int(), kept: z.number().int(), broken: z.number().int() }),
  recovered: Money,
  cost: Money.nullable(),
  costPerRecoveredUnit: Rate,
});

const wantsCsv = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/csv');

function sendCsv(reply: FastifyReply, name: string, header: string[], rows: CsvCell[][]) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(toCsv(header, rows));
}

function filterOf(query: z.infer<typeof Query>): ReportFilter {
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (from.getTime() >= to.getTime())
    throw new HttpProblem({
      status: 400,
      title: 'Invalid request',
      detail: 'to must be later than from',
      extensions: { errors: [{ path: 'querystring.to', message: 'must be later than from' }] },
    });
  return { from, to, currency: query.currency ?? null, collectorId: query.collectorId ?? null };
}

const csvNote =
  ' JSON, or CSV with `Accept: text/csv` (cells a spreadsheet would run as a formula are quoted).';

/** Recovery of overdue amounts and collector performance (README, "Recovery and collector reports"). */
export const recoveryReportsRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool; costs: CollectionCosts }> = async (
  app,
  { pool, costs },
) => {
  app.get(
    '/v1/reports/recovery',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['reports'],
        operationId: 'getRecoveryReport',
        summary: `Recovery rate of what was overdue at the start of a period, in total and per collector, level and channel.${csvNote}`,
        querystring: Query,
        response: { 200: RecoveryReport },
      },
    },
    async (request, reply) => {
      const filter = filterOf(request.query);
      const rows = await recoveryRows(pool, filter);
      const figure = (r: (typeof rows)[number]) => {
        const overdue = BigInt(r.overdue_minor);
        const recovered = BigInt(r.recovered_minor);
        return {
          currency: r.currency,
          invoices: r.invoices,
          recoveredInvoices: r.recovered_invoices,
          overdueAtStart: formatMinorUnits(overdue, r.currency),
          recovered: formatMinorUnits(recovered, r.currency),
          recoveryRate: ratio(recovered, overdue),
        };
      };
      const notices = new Map(
        rows.filter((r) => r.dimension === 'notices').map((r) => [`${r.key}|${r.currency}`, r.invoices]),
      );
      const of = (dimension: string) => rows.filter((r) => r.dimension === dimension);
      const report = {
        from: filter.from.toISOString(),
        to: filter.to.toISOString(),
        total: of('total').map(figure),
        byCollector: of('collector').map((r) => ({ collectorId: r.key, ...figure(r) })),
        byLevel: of('level').map((r) => ({ level: r.key === null ? null : Number(r.key), ...figure(r) })),
        byChannel: of('channel').map((r) => {
          const sent = notices.get(`${r.key}|${r.currency}`) ?? 0;
          const unit = costs[r.currency]?.[r.key as 'email' | 'sms' | 'letter'];
          const cost = unit === undefined ? null : unit * BigInt(sent);
          return {
            channel: r.key ?? 'none',
            ...figure(r),
            notices: sent,
            cost: cost === null ? null : formatMinorUnits(cost, r.currency),
            costPerRecoveredUnit: cost === null ? null : ratio(cost, BigInt(r.recovered_minor)),
          };
        }),
      };
      if (!wantsCsv(request)) return report;
      const line = (dimension: string, key: CsvCell, f: ReturnType<typeof figure>, extra: CsvCell[] = []) => [
        dimension,
        key,
        f.currency,
        f.invoices,
        f.recoveredInvoices,
        f.overdueAtStart,
        f.recovered,
        f.recoveryRate,
        ...extra,
      ];
      return sendCsv(
        reply,
        'recovery',
        [
          'dimension',
          'key',
          'currency',
          'invoices',
          'recoveredInvoices',
          'overdueAtStart',
          'recovered',
          'recoveryRate',
          'notices',
          'cost',
          'costPerRecoveredUnit',
        ],
        [
          ...report.total.map((f) => line('total', null, f)),
          ...report.byCollector.map((f) => line('collector', f.collectorId, f)),
          ...report.byLevel.map((f) => line('level', f.level, f)),
          ...report.byChannel.map((f) =>
            line('channel', f.channel, f, [f.notices, f.cost, f.costPerRecoveredUnit]),
          ),
        ],
      );
    },
  );

  app.get(
    '/v1/reports/collectors',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['reports'],
        operationId: 'getCollectorReport',
        summary: `Each collector's tasks, outcomes, promises and what was recovered on their tasks' invoices, per currency.${csvNote}`,
        querystring: Query,
        response: {
          200: z.object({ from: z.string(), to: z.string(), collectors: z.array(CollectorFigures) }),
        },
      },
    },
    async (request, reply) => {
      const filter = filterOf(request.query);
      const byKey = new Map<string, z.infer<typeof CollectorFigures> & { recoveredMinor: bigint }>();
      for (const r of await collectorRows(pool, filter)) {
        const key = `${r.collector_id}|${r.currency}`;
        let c = byKey.get(key);
        if (!c) {
          c = {
            collectorId: r.collector_id,
            currency: r.currency,
            tasksCreated: 0,
            tasksDone: 0,
            outcomes: {},
            promises: { recorded: 0, kept: 0, broken: 0 },
            recovered: '0',
            recoveredMinor: 0n,
            cost: null,
            costPerRecoveredUnit: null,
          };
          byKey.set(key, c);
        }
        if (r.section === 'created') c.tasksCreated = r.n;
        else if (r.section === 'done') c.tasksDone = r.n;
        else if (r.section === 'outcome') c.outcomes[r.key ?? 'none'] = r.n;
        else if (r.section === 'promises-recorded') c.promises.recorded = r.n;
        else if (r.section === 'promises-kept') c.promises.kept = r.n;
        else if (r.section === 'promises-broken') c.promises.broken = r.n;
        else if (r.section === 'recovered') c.recoveredMinor = BigInt(r.amount_minor);
      }
      const collectors = [...byKey.values()].map(({ recoveredMinor, ...c }) => {
        const unit = costs[c.currency]?.task;
        const cost = unit === undefined ? null : unit * BigInt(c.tasksDone);
        return {
          ...c,
          recovered: formatMinorUnits(recoveredMinor, c.currency),
          cost: cost === null ? null : formatMinorUnits(cost, c.currency),
          costPerRecoveredUnit: cost === null ? null : ratio(cost, recoveredMinor),
        };
      });
      const report = { from: filter.from.toISOString(), to: filter.to.toISOString(), collectors };
      if (!wantsCsv(request)) return report;
      const outcomes = TaskOutcome.options;
      return sendCsv(
        reply,
        'collectors',
        [
          'collectorId',
          'currency',
          'tasksCreated',
          'tasksDone',
          ...outcomes,
          'promisesRecorded',
          'promisesKept',
          'promisesBroken',
          'recovered',
          'cost',
          'costPerRecoveredUnit',
        ],
        collectors.map((c) => [
          c.collectorId,
          c.currency,
          c.tasksCreated,
          c.tasksDone,
          ...outcomes.map((o) => c.outcomes[o] ?? 0),
          c.promises.recorded,
          c.promises.kept,
          c.promises.broken,
          c.recovered,
          c.cost,
          c.costPerRecoveredUnit,
        ]),
      );
    },
  );
};
