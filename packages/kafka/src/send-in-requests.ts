import type { Message } from './messages.ts';
import type { EventProducer } from './producer.ts';

/**
 * The broker refuses a record batch above the topic's `max.message.bytes` (1 MB by default) however
 * small each record is, and records sent in one request share a batch per partition. Sending at most
 * this many bytes per request keeps any mix of large records acceptable; a record larger on its own
 * goes alone.
 */
export const SEND_REQUEST_BYTES = 512 * 1024;

function sizeOf(record: Message): number {
  let size = (record.value?.length ?? 0) + (record.key?.length ?? 0);
  for (const [name, value] of Object.entries(record.headers ?? {}))
    size += name.length + String(value ?? '').length;
  return size;
}

/** Sends `records` to `topic` in order, in requests of at most `SEND_REQUEST_BYTES` each. */
export async function sendInRequests(
  producer: EventProducer,
  topic: string,
  records: Message[],
): Promise<void> {
  let group: Message[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = sizeOf(record);
    if (group.length > 0 && bytes + size > SEND_REQUEST_BYTES) {
      await producer.send({ topic, messages: group });
      group = [];
      bytes = 0;
    }
    group.push(record);
    bytes += size;
  }
  if (group.length > 0) await producer.send({ topic, messages: group });
}
