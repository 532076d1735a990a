import type { ErpEvent } from '@dunning/contracts';
import { customerKey } from '@dunning/erp-simulator';
import type { KafkaClient } from '@dunning/kafka';
import type { ScriptedEvent } from './erp-script.ts';

export interface ErpStream {
  /** Events the broker acknowledged, in send order (a duplicate appears twice). */
  readonly sent: ErpEvent[];
  /** Sends one extra event now (a canary), retrying until the broker takes it. */
  sendNow(event: ErpEvent): Promise<void>;
  /** Resolves when the whole script has been sent. */
  finished: Promise<void>;
  /**
   * Stops playing the script. With `conclude`, first sends the events that end what was started (a
   * dispute opened gets its resolution), so nothing is left waiting on the ERP; resolves with how many.
   */
  stop(options?: { conclude?: boolean }): Promise<number>;
}

/**
 * Plays the script against the ERP topic in real time. While the broker is down a send fails; it is
 * retried until acknowledged, so the stream falls behind and catches up, as an ERP connector would.
 */
export async function playErpStream(
  kafka: KafkaClient,
  topic: string,
  script: ScriptedEvent[],
): Promise<ErpStream> {
  const producer = await kafka.producer();
  const sent: ErpEvent[] = [];
  let playing = true;
  let closed = false;
  const send = async (events: ErpEvent[]) => {
    for (let attempt = 0; !closed; attempt++) {
      try {
        await producer.send({
          topic,
          acks: -1,
          messages: events.map((event) => ({ key: customerKey(event), value: JSON.stringify(event) })),
        });
        sent.push(...events);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, Math.min(200 * (attempt + 1), 2_000)));
      }
    }
  };
  let queue = Promise.resolve();
  const enqueue = (events: ErpEvent[]) => {
    queue = queue.then(() => send(events));
    return queue;
  };

  const started = Date.now();
  const finished = (async () => {
    let next = 0;
    while (next < script.length && playing) {
      const elapsed = Date.now() - started;
      const due: ErpEvent[] = [];
      while (next < script.length && script[next]!.atMs <= elapsed) due.push(script[next++]!.event);
      if (due.length > 0) await enqueue(due);
      else await new Promise((resolve) => setTimeout(resolve, Math.min(50, script[next]!.atMs - elapsed)));
    }
  })();

  return {
    sent,
    sendNow: (event) => enqueue([event]),
    finished,
    async stop({ conclude = false } = {}) {
      playing = false;
      await finished.catch(() => {});
      const sentIds = new Set(sent.map((event) => event.id));
      const conclusions = conclude
        ? script
            .filter(({ event, concludes }) => concludes && sentIds.has(concludes) && !sentIds.has(event.id))
            .map(({ event }) => event)
        : [];
      if (conclusions.length > 0) await enqueue(conclusions);
      closed = true;
      await queue.catch(() => {});
      await producer.disconnect().catch(() => {});
      return conclusions.length;
    },
  };
}
