import { type Kafka, Partitioners, type Producer } from 'kafkajs';

/**
 * acks=all with idempotence: a retried send is never written twice, and one key's messages
 * keep their order. Keys are customer ids, so one customer's events stay ordered.
 */
export async function createIdempotentProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return producer;
}
