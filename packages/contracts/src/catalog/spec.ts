import type { z } from 'zod';
import type { TopicName } from '../topics.ts';

/** One event type: its CloudEvents `type`, the schema of its whole envelope, and what it means. */
export interface EventSpec {
  readonly type: string;
  readonly schema: z.ZodObject;
  readonly description: string;
}

/** One topic: who publishes on it, what it carries. */
export interface TopicSpec {
  readonly topic: TopicName;
  readonly description: string;
  readonly publisher: string;
  readonly events: readonly EventSpec[];
}
