/** What reached a receiver, by the id it deduplicates on (Message-ID, Idempotency-Key). */
export class Receipts {
  readonly #byId = new Map<string, number>();
  #received = 0;

  add(id: string): void {
    this.#received++;
    this.#byId.set(id, (this.#byId.get(id) ?? 0) + 1);
  }

  /** Every arrival, a resend included. */
  get received(): number {
    return this.#received;
  }

  /** Arrivals with an id not seen before. */
  get distinct(): number {
    return this.#byId.size;
  }

  /** How often the message with this id arrived (0: never). */
  timesReceived(id: string): number {
    return this.#byId.get(id) ?? 0;
  }
}
