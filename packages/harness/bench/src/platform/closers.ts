import type { ChildProcess } from 'node:child_process';

/**
 * What a run has opened and must close even when interrupted: services, schemas, topics, servers.
 * Ctrl-C (or SIGTERM) closes everything still open, newest first, then exits.
 */
const open: (() => Promise<void>)[] = [];
const children = new Set<ChildProcess>();
let interrupted = false;

/** A process this run started: killed on interrupt even if it was still starting up. */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

export function onInterrupt(): void {
  const stop = async (signal: string) => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\nbench: ${signal}: stopping the services and removing this run's data...\n`);
    for (const close of open.splice(0).reverse()) await close().catch(() => {});
    for (const child of children) child.kill('SIGKILL');
    process.exit(130);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** Runs `use` on what `acquire` opened, and closes it afterwards, whatever happens. */
export async function using<R, T>(
  acquire: () => Promise<R>,
  close: (resource: R) => Promise<void>,
  use: (resource: R) => Promise<T>,
): Promise<T> {
  const resource = await acquire();
  const closeOnce = () => close(resource);
  open.push(closeOnce);
  try {
    return await use(resource);
  } finally {
    const index = open.indexOf(closeOnce);
    if (index >= 0) {
      open.splice(index, 1);
      await closeOnce();
    }
  }
}
