/** The service's consumer groups; the replay command checks the same groups are idle. */
export function consumerGroups(prefix: string) {
  return {
    ledger: `${prefix}credit-risk.ledger-events`,
    dunning: `${prefix}credit-risk.dunning-events`,
  };
}
