/**
 * Sign-in attempts per address in a fixed one-minute window, in memory: a single console process
 * guards its own form (several replicas would each allow the limit).
 */
export function loginLimiter(perMinute: number, now: () => number = Date.now) {
  const windows = new Map<string, { startedAt: number; count: number }>();
  return {
    /** Counts an attempt; false when the address already used up its minute. */
    allow(address: string): boolean {
      const at = now();
      if (windows.size > 10_000)
        for (const [key, w] of windows) if (at - w.startedAt >= 60_000) windows.delete(key);
      const window = windows.get(address);
      if (!window || at - window.startedAt >= 60_000) {
        windows.set(address, { startedAt: at, count: 1 });
        return true;
      }
      window.count += 1;
      return window.count <= perMinute;
    },
  };
}
