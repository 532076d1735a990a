import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Logger } from 'pino';
import { TASK_FEED_CHANNEL } from '../commands/task-feed.ts';

/** One LISTEN connection shared by every SSE client: emits the id of each collector whose queue changed. */
export class TaskFeedListener extends EventEmitter<{ changed: [collectorId: string] }> {
  #client: pg.Client | undefined;
  readonly #connectionString: string;
  readonly #logger: Logger;

  constructor(connectionString: string, logger: Logger) {
    super();
    this.setMaxListeners(0);
    this.#connectionString = connectionString;
    this.#logger = logger;
  }

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#connectionString });
    client.on('error', (error) =>
      this.#logger.warn({ err: error }, 'task feed listener lost its connection'),
    );
    client.on('notification', (message) => {
      if (message.payload) this.emit('changed', message.payload);
    });
    await client.connect();
    await client.query(`LISTEN ${TASK_FEED_CHANNEL}`);
    this.#client = client;
  }

  async stop(): Promise<void> {
    await this.#client?.end().catch(() => {});
  }
}
