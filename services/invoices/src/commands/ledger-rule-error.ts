/**
 * A command that is well formed but breaks a ledger rule (a currency that is not the invoice's, a
 * dispute on a settled invoice): it can never apply, so HTTP answers it with `status` and Kafka
 * sends it to the DLQ. Thrown before anything is written, so the transaction rolls back cleanly.
 */
export class LedgerRuleError extends Error {
  readonly status: 409 | 422;

  constructor(status: 409 | 422, message: string) {
    super(message);
    this.name = 'LedgerRuleError';
    this.status = status;
  }
}
