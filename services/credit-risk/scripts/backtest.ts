// Replays a seeded ledger history through the pure scoring domain and reports how well the score at a
// cut-off separated the customers who later went 60+ days overdue. No infrastructure needed.
// Usage: node services/credit-risk/scripts/backtest.ts --customers 2000 --seed 42
import { parseArgs } from 'node:util';
import { DunningEvent, LedgerEvent } from '@dunning/contracts';
import { seededRandom } from '@dunning/testing/seeded-random';
import { assessCustomer } from '../src/domain/assess-customer.ts';
import { riskModels } from '../src/domain/models/index.ts';
import { HistoryReplay } from '../src/domain/replay-history.ts';
import { areaUnderCurve } from './area-under-curve.ts';
import {
  archetypes,
  CUTOFF_DAY,
  cutoffInstant,
  DAY,
  type GeneratedCustomer,
  generateCustomer,
  HISTORY_DAYS,
  laterSixtyPlusOverdue,
} from './ledger-history-generator.ts';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '42' },
    model: { type: 'string', default: 'risk-v1' },
  },
});
const count = Number(values.customers);
const seed = Number(values.seed);
const model = riskModels[values.model];
if (!model || !Number.isInteger(count) || count < 10 || !Number.isInteger(seed)) {
  console.error('usage: backtest.ts --customers <n >= 10> --seed <int> [--model risk-v1]');
  process.exit(2);
}

const started = performance.now();
const rnd = seededRandom(seed);
const customers: GeneratedCustomer[] = Array.from({ length: count }, (_, i) => generateCustomer(i, rnd));
const allEvents = customers.flatMap((c) => c.events);

// The generated events are real contract events: check a sample against the schemas.
for (const event of allEvents.slice(0, 2000)) {
  const envelope = {
    specversion: '1.0',
    id: 'x',
    source: '/backtest',
    datacontenttype: 'application/json',
    ...event,
  };
  const schema = event.type.startsWith('ledger.') ? LedgerEvent : DunningEvent;
  const parsed = schema.safeParse(envelope);
  if (!parsed.success)
    throw new Error(`generated ${event.type} breaks its contract: ${parsed.error.message}`);
}

const replay = new HistoryReplay(DAY);
const cutoff = cutoffInstant.toISOString();
for (const event of allEvents.sort((a, b) => a.time.localeCompare(b.time))) {
  if (event.time > cutoff) break;
  replay.apply(event);
}

const rows = customers.flatMap((customer) => {
  const snapshot = replay.snapshot(customer.customerId);
  if (!snapshot) return []; // the relationship starts after the cut-off
  snapshot.financials = customer.financials;
  const assessment = assessCustomer(snapshot, {
    now: cutoffInstant,
    dayMs: DAY,
    model,
    previousLimit: null,
    fallbackCurrency: 'CNY',
  });
  return [{ customer, assessment, bad: laterSixtyPlusOverdue(customer) }];
});

const pct = (n: number, d: number) => (d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
const bads = rows.filter((r) => r.bad).length;
console.log(
  `backtest ${model.version}: ${rows.length} customers scored at day ${CUTOFF_DAY} of ${HISTORY_DAYS} (seed ${seed})`,
);
console.log(
  `${events(allEvents.length)} events generated; ${bads} customers (${pct(bads, rows.length).trim()}) went 60+ days overdue after the cut-off`,
);
console.log(
  `AUC (score separating later 60+ overdue): ${areaUnderCurve(rows.map((r) => ({ score: r.assessment.score, bad: r.bad }))).toFixed(3)}`,
);
console.log('\nclass  customers  later 60+ overdue');
for (const riskClass of ['A', 'B', 'C'] as const) {
  const inClass = rows.filter((r) => r.assessment.class === riskClass);
  const bad = inClass.filter((r) => r.bad).length;
  console.log(
    `${riskClass.padEnd(5)}  ${String(inClass.length).padStart(9)}  ${pct(bad, inClass.length)} (${bad})`,
  );
}
console.log('\nwarning  customers  later 60+ overdue');
for (const warning of ['none', 'blue', 'yellow', 'red'] as const) {
  const inLevel = rows.filter((r) => r.assessment.warning === warning);
  const bad = inLevel.filter((r) => r.bad).length;
  console.log(
    `${warning.padEnd(7)}  ${String(inLevel.length).padStart(9)}  ${pct(bad, inLevel.length)} (${bad})`,
  );
}
console.log('\narchetype      customers  mean score  later 60+ overdue');
for (const archetype of archetypes) {
  const of = rows.filter((r) => r.customer.archetype === archetype);
  const mean = of.reduce((s, r) => s + r.assessment.score, 0) / Math.max(1, of.length);
  const bad = of.filter((r) => r.bad).length;
  console.log(
    `${archetype.padEnd(13)}  ${String(of.length).padStart(9)}  ${mean.toFixed(1).padStart(10)}  ${pct(bad, of.length)}`,
  );
}
// Ablation: the AUC without each factor shows what each one is worth (the evidence for its weight).
console.log('\nfactor              AUC without it  (delta)');
const full = areaUnderCurve(rows.map((r) => ({ score: r.assessment.score, bad: r.bad })));
for (const factor of rows[0]?.assessment.factors ?? []) {
  const auc = areaUnderCurve(
    rows.map((r) => {
      const contribution = r.assessment.factors.find((f) => f.name === factor.name)?.contribution ?? 0;
      return { score: r.assessment.score - contribution, bad: r.bad };
    }),
  );
  console.log(
    `${factor.name.padEnd(18)}  ${auc.toFixed(3).padStart(14)}  (${(auc - full >= 0 ? '+' : '') + (auc - full).toFixed(3)})`,
  );
}
console.log(`\n(${Math.round(performance.now() - started)} ms)`);

function events(n: number): string {
  return n.toLocaleString('en');
}
