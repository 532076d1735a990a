import { EventEmitter } from 'node:events';
import { type Listener, listen } from '@dunning/pg';
import type { Logger } from 'pino';
import { taskFeedChannel } from '../db/task-feed.queries.ts';

/**
 * One LISTEN connection shared by every SSE client: emits the id of each collector whose queue
 * changed. The connection comes back after it drops; as changes announced meanwhile are lost, it
 * then emits `resync`, and every feed sends its queue again.
 */
export class TaskFeedListener extends EventEmitter<{ changed: [collectorId: string]; resync: [] }> {
  #listener: Listener | undefined;
  readonly #connectionString: string;
  readonly #schema: string;
  readonly #logger: Logger;

  constructor(connectionString: string, schema: string, logger: Logger) {
    super();
    this.setMaxListeners(0);
    this.#connectionString = connectionString;
    this.#schema = schema;
    this.#logger = logger.child({ component: 'task-feed' });
  }

  async start(): Promise<void> {
    this.#listener = await listen(
      this.#connectionString,
      taskFeedChannel(this.#schema),
      (collectorId) => {
        if (collectorId) this.emit('changed', collectorId);
      },
      {
        onListening: ({ reconnected }) => {
          if (reconnected) this.emit('resync');
        },
        logger: this.#logger,
      },
    );
  }

  async stop(): Promise<void> {
    await this.#listener?.stop();
  }
}
