/** The service's consumer groups; the replay command checks the directory's group is idle. */
export function consumerGroups(prefix: string) {
  return {
    directory: `${prefix}notifications.customer-directory`,
    actions: `${prefix}notifications.dunning-actions`,
  };
}
