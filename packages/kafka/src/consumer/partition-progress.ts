import type { Logger } from 'pino';

/** A partition whose fetched events have not moved its committed offset for too long. */
export interface PartitionStall {
  topic: string;
  partition: number;
  /** The first offset not yet applied and committed. */
  offset: string;
  stalledForMs: number;
}

interface Progress {
  topic: string;
  partition: number;
  offset: string;
  /** When the offset last moved, or the batch that is waiting arrived. */
  since: number;
  /** Events fetched and not yet committed. */
  pending: boolean;
  reported: boolean;
}

/**
 * Tracks, per partition, whether fetched events wait and since when the committed offset last moved.
 * A consumer that cannot get past a partition (a handler that hangs, a retry that never succeeds, a
 * commit refused because the replica keeps being dropped from its group) otherwise looks the same as
 * an idle one from inside the process: this names it in the log and in `stalls()`.
 */
export class PartitionProgress {
  readonly #stallAfterMs: number;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #partitions = new Map<string, Progress>();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: { stallAfterMs: number; logger: Logger; now?: () => number }) {
    this.#stallAfterMs = options.stallAfterMs;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
  }

  /** Checks for stalls every so often until `stop()`; the timer never keeps the process alive. */
  start(): void {
    const every = Math.max(100, Math.min(5_000, Math.floor(this.#stallAfterMs / 4)));
    this.#timer = setInterval(() => this.check(), every);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#partitions.clear();
  }

  /** A batch starting at `offset` arrived; the clock runs from here unless it was already waiting. */
  fetched(topic: string, partition: number, offset: string): void {
    const progress = this.#partitions.get(`${topic}:${partition}`);
    if (progress?.pending) return;
    this.#partitions.set(`${topic}:${partition}`, {
      topic,
      partition,
      offset,
      since: this.#now(),
      pending: true,
      reported: false,
    });
  }

  /** Events up to `nextOffset` (exclusive) are applied and committed. */
  committed(topic: string, partition: number, nextOffset: string, more: boolean): void {
    const progress = this.#partitions.get(`${topic}:${partition}`);
    if (progress?.reported) {
      this.#logger.info(
        { topic, partition, offset: nextOffset, stalledForMs: this.#now() - progress.since },
        'consumer makes progress on the partition again',
      );
    }
    this.#partitions.set(`${topic}:${partition}`, {
      topic,
      partition,
      offset: nextOffset,
      since: this.#now(),
      pending: more,
      reported: false,
    });
  }

  /** After a rebalance only the partitions assigned to this replica are its concern. */
  assigned(assignment: Record<string, number[]>): void {
    for (const [key, { topic, partition }] of this.#partitions)
      if (!assignment[topic]?.includes(partition)) this.#partitions.delete(key);
  }

  stalls(): PartitionStall[] {
    const now = this.#now();
    return [...this.#partitions.values()]
      .filter((p) => p.pending && now - p.since >= this.#stallAfterMs)
      .map((p) => ({
        topic: p.topic,
        partition: p.partition,
        offset: p.offset,
        stalledForMs: now - p.since,
      }));
  }

  /** Logs each stall once, when it first lasts `stallAfterMs`. */
  check(): void {
    for (const stall of this.stalls()) {
      const progress = this.#partitions.get(`${stall.topic}:${stall.partition}`);
      if (!progress || progress.reported) continue;
      progress.reported = true;
      this.#logger.warn(stall, 'consumer makes no progress on a partition');
    }
  }
}
