/** Thrown when a money amount or currency cannot be represented exactly in minor units. */
export class InvalidMoneyError extends Error {
  override readonly name = 'InvalidMoneyError';
}
