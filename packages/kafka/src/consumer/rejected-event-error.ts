/**
 * Thrown by a handler for an event that is well-formed but can never be applied (for example an
 * amount in another currency than its invoice): it goes to the dead-letter topic, not into retries.
 */
export class RejectedEventError extends Error {
  override readonly name = 'RejectedEventError';
}
