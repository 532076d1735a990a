import type { TopicSpec } from '../src/catalog.ts';
import { dlqTopic } from '../src/topics.ts';
import { eventJsonSchema } from './event-json-schema.ts';

const KAFKA_BINDING_VERSION = '0.5.0';
const CONTENT_TYPE = 'application/cloudevents+json';

const messageKey = {
  type: 'string',
  description: "The customer id the event concerns, so that one customer's events stay in order.",
};

/** The AsyncAPI 3.0 document of every topic and event type in `catalog`. */
export function asyncApiDocument(catalog: readonly TopicSpec[]): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const topic of catalog) {
    const channelRef = `#/channels/${topic.topic}`;
    channels[topic.topic] = {
      address: topic.topic,
      description: `${topic.description} Messages that fail validation go to ${dlqTopic(topic.topic)} with the reason.`,
      messages: Object.fromEntries(
        topic.events.map((event) => [event.type, { $ref: `#/components/messages/${event.type}` }]),
      ),
      bindings: { kafka: { topic: topic.topic, bindingVersion: KAFKA_BINDING_VERSION } },
    };
    operations[`publish.${topic.topic}`] = {
      action: 'send',
      channel: { $ref: channelRef },
      summary: `Published by the ${topic.publisher}.`,
      messages: topic.events.map((event) => ({ $ref: `${channelRef}/messages/${event.type}` })),
    };
    for (const event of topic.events) {
      // AsyncAPI 3 names draft-07 as the JSON Schema dialect every tool must read.
      const { $schema: _dialect, ...schema } = eventJsonSchema(event, 'draft-07');
      messages[event.type] = {
        name: event.type,
        title: event.type,
        summary: event.description,
        contentType: CONTENT_TYPE,
        payload: { schemaFormat: 'application/schema+json;version=draft-07', schema },
        bindings: { kafka: { key: messageKey, bindingVersion: KAFKA_BINDING_VERSION } },
      };
    }
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Dunning platform events',
      version: '1.0.0',
      description:
        'CloudEvents 1.0 in structured JSON mode on Kafka. The event id is the idempotency key of every ' +
        'consumer; the Kafka message key is the customer id. Money is a decimal string with an ISO 4217 ' +
        'currency; dates are ISO dates or date-times with an offset.',
    },
    defaultContentType: CONTENT_TYPE,
    channels,
    operations,
    components: { messages },
  };
}
