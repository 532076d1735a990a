import type { ChildProcess } from 'node:child_process';

/**
 * Ends a process a test or harness started: SIGTERM, then waits for it to exit; with `killAfterMs`,
 * SIGKILL if it has not exited by then. A process that already exited is left as it is.
 */
export async function stopProcess(
  child: ChildProcess,
  options: { killAfterMs?: number } = {},
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killer =
    options.killAfterMs === undefined
      ? undefined
      : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
  child.kill('SIGTERM');
  await exited;
  clearTimeout(killer);
}
