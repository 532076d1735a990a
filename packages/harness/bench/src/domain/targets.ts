/** The platform's speed targets, checked against one run's figures. */
export interface TargetCheck {
  target: string;
  measured: string;
  status: 'met' | 'missed' | 'not measured';
}

export interface TargetInputs {
  ingest?: { sustainedPlannedPerSecond: number; overallPlannedPerSecond: number; partial: boolean };
  latency?: { rate: number; achievedRate: number; p99: number | null; sent: number; planned: number };
  burst?: {
    steps: number;
    expectedDeliveries: number;
    delivered: number;
    allDeliveredAfterSeconds: number | null;
    deliveryP99: number | null;
  };
  /** Peak RSS per service over every phase, MiB. */
  peakRssMiB?: Record<string, number>;
  redis?: { bytesPerOpenCase: number | null; openCases: number };
}

export const TARGETS = {
  ingestPerSecond: 5_000,
  latencyRate: 1_000,
  latencyP99Ms: 250,
  burstSteps: 100_000,
  burstSeconds: 60,
  burstP99Ms: 30_000,
  rssMiB: 300,
  // An armed BullMQ timer costs about a kilobyte: growth under 64 bytes per open case means no
  // timer per case, i.e. Redis memory does not follow the steps planned beyond the horizon.
  redisBytesPerOpenCase: 64,
} as const;

const n = (value: number) => Math.round(value).toLocaleString('en-US');
const status = (ok: boolean): TargetCheck['status'] => (ok ? 'met' : 'missed');

export function checkTargets(inputs: TargetInputs): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const { ingest, latency, burst, peakRssMiB, redis } = inputs;
  checks.push(
    ingest
      ? {
          target: `ingest >= ${n(TARGETS.ingestPerSecond)} invoices/s`,
          measured: `${n(ingest.sustainedPlannedPerSecond)}/s sustained (10-90 %), ${n(ingest.overallPlannedPerSecond)}/s overall${ingest.partial ? ', PARTIAL' : ''}`,
          status: status(!ingest.partial && ingest.sustainedPlannedPerSecond >= TARGETS.ingestPerSecond),
        }
      : {
          target: `ingest >= ${n(TARGETS.ingestPerSecond)} invoices/s`,
          measured: '-',
          status: 'not measured',
        },
  );
  const atTargetRate = latency && latency.achievedRate >= TARGETS.latencyRate * 0.95;
  checks.push({
    target: `p99 event-to-plan < ${TARGETS.latencyP99Ms} ms at ${n(TARGETS.latencyRate)} ev/s`,
    measured: latency
      ? `p99 ${latency.p99 === null ? `unknown (${n(latency.sent - latency.planned)} never planned)` : `${n(latency.p99)} ms`} at ${n(latency.achievedRate)} ev/s`
      : '-',
    status: !latency
      ? 'not measured'
      : latency.rate < TARGETS.latencyRate
        ? 'not measured'
        : status(Boolean(atTargetRate) && latency.p99 !== null && latency.p99 < TARGETS.latencyP99Ms),
  });
  checks.push({
    target: `burst of ${n(TARGETS.burstSteps)} steps delivered within ${TARGETS.burstSeconds} s, p99 lateness < ${TARGETS.burstP99Ms / 1000} s`,
    measured: burst
      ? `${n(burst.steps)} steps: ${n(burst.delivered)}/${n(burst.expectedDeliveries)} notices` +
        `${burst.allDeliveredAfterSeconds === null ? ' (not all delivered)' : ` all delivered after ${burst.allDeliveredAfterSeconds} s`}` +
        `, p99 ${burst.deliveryP99 === null ? 'unknown' : `${(burst.deliveryP99 / 1000).toFixed(1)} s`}`
      : '-',
    status:
      !burst || burst.steps < TARGETS.burstSteps
        ? 'not measured'
        : status(
            burst.allDeliveredAfterSeconds !== null &&
              burst.allDeliveredAfterSeconds <= TARGETS.burstSeconds &&
              burst.deliveryP99 !== null &&
              burst.deliveryP99 < TARGETS.burstP99Ms,
          ),
  });
  const rss = Object.entries(peakRssMiB ?? {});
  checks.push({
    target: `each service RSS < ${TARGETS.rssMiB} MB`,
    measured: rss.length > 0 ? rss.map(([name, mib]) => `${name} ${n(mib)}`).join(', ') : '-',
    status: rss.length === 0 ? 'not measured' : status(rss.every(([, mib]) => mib < TARGETS.rssMiB)),
  });
  checks.push({
    target: 'Redis memory independent of future steps',
    measured:
      redis && redis.bytesPerOpenCase !== null
        ? `${n(redis.bytesPerOpenCase)} bytes per open case over ${n(redis.openCases)} cases`
        : '-',
    status:
      !redis || redis.bytesPerOpenCase === null
        ? 'not measured'
        : status(redis.bytesPerOpenCase < TARGETS.redisBytesPerOpenCase),
  });
  return checks;
}
