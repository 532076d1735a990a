import pg from 'pg';

/** What listen() reports through: a pino logger fits. */
export interface ListenLogger {
  warn(details: object, message: string): void;
}

export interface ListenOptions {
  /**
   * Called each time LISTEN takes effect: first when started, again after every reconnection.
   * Notifications sent while the connection was down are lost, so a listener catches up here.
   */
  onListening?: (event: { reconnected: boolean }) => void;
  logger?: ListenLogger;
  /** First wait before reconnecting; doubled after each failed attempt, up to maxDelayMs. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

export interface Listener {
  /** Whether the LISTEN connection is up right now. */
  readonly listening: boolean;
  /** Ends the connection and any reconnecting; no notification is delivered after it resolves. */
  stop(): Promise<void>;
}

/** Longest channel name PostgreSQL keeps (NAMEDATALEN − 1 bytes); LISTEN would truncate a longer one. */
const MAX_CHANNEL_BYTES = 63;

/**
 * LISTENs on `channel` on a connection of its own (a pooled one would be handed to others) and calls
 * `onNotify` with each notification's payload. When the connection drops (a database restart, an
 * administrator ending the session) it reconnects, waiting minDelayMs, then twice as long after each
 * failure, up to maxDelayMs, and calls onListening again. Resolves after the first attempt, whether it
 * succeeded or not: until the connection is up, the caller's fallback (polling) covers.
 */
export async function listen(
  connection: string | pg.ClientConfig,
  channel: string,
  onNotify: (payload: string) => void,
  options: ListenOptions = {},
): Promise<Listener> {
  if (channel.length === 0 || Buffer.byteLength(channel) > MAX_CHANNEL_BYTES)
    throw new Error(`invalid channel name: ${JSON.stringify(channel)}`);
  const config: pg.ClientConfig =
    typeof connection === 'string' ? { connectionString: connection } : connection;
  const minDelayMs = options.minDelayMs ?? 100;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  let client: pg.Client | undefined;
  let listening = false;
  let stopped = false;
  let everListened = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;

  const reconnectLater = () => {
    if (stopped || timer) return;
    const delay = Math.min(minDelayMs * 2 ** failures, maxDelayMs);
    failures++;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    timer.unref();
  };

  const connect = async (): Promise<void> => {
    const attempt = new pg.Client(config);
    client = attempt;
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (client === attempt) {
        client = undefined;
        listening = false;
      }
      if (stopped) return;
      options.logger?.warn({ err: error, channel }, 'LISTEN connection lost; reconnecting');
      attempt.end().catch(() => {});
      reconnectLater();
    };
    attempt.on('error', onLost);
    attempt.on('end', () => onLost());
    attempt.on('notification', (message) => {
      if (!stopped && message.channel === channel) onNotify(message.payload ?? '');
    });
    try {
      await attempt.connect();
      // Quoted: the channel is matched exactly, as pg_notify($1, …) names it.
      await attempt.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
    } catch (error) {
      if (!lost) {
        lost = true;
        client = undefined;
        attempt.end().catch(() => {});
        if (!stopped) {
          options.logger?.warn({ err: error, channel }, 'LISTEN failed; retrying');
          reconnectLater();
        }
      }
      return;
    }
    if (stopped || lost) {
      await attempt.end().catch(() => {});
      return;
    }
    failures = 0;
    listening = true;
    const reconnected = everListened;
    everListened = true;
    options.onListening?.({ reconnected });
  };

  await connect();
  return {
    get listening() {
      return listening;
    },
    async stop() {
      stopped = true;
      listening = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await client?.end().catch(() => {});
      client = undefined;
    },
  };
}
