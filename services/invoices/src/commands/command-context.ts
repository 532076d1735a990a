/** Where a ledger command came from (kept on every entry for the timeline). */
export type CommandSource = 'http' | 'kafka' | 'import';

/** Where a command came from, and how its facts are published. */
export interface CommandContext {
  /** The service's schema (its outbox, and the scope of its advisory locks). */
  schema: string;
  /** Full name of ledger.events.v1 (with any prefix). */
  ledgerTopic: string;
  /** `http` or `kafka`, recorded on every ledger entry for the timeline. */
  source: CommandSource;
  /** Length of a day (DAY_MS): real, or compressed for demos and tests. */
  dayMs: number;
  now: () => Date;
}

/** The same business id with a different body: the first one stands. */
export interface Conflict {
  status: 'conflict';
  stored: unknown;
}

export const LEDGER_SOURCE = '/services/invoices';
