import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort } from '@dunning/testing/free-port';
import { run } from './run.ts';

export interface PrivatePostgres {
  url: string;
  /** A crash: immediate shutdown (no checkpoint, like kill -9 of the postmaster), then a fresh start. */
  crashAndRestart(): Promise<void>;
  /** Starts it again on its data after `stop` (an outage a test ends). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const BIN = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of the fault suite alone (initdb in a temp dir, its own port), so restarting it
 * disturbs no other test. PostgreSQL refuses to run as root, so as root it runs as user postgres.
 */
export async function startPrivatePostgres(dir: string): Promise<PrivatePostgres> {
  const dataDir = join(dir, 'pgdata');
  mkdirSync(dataDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    // The server's user must be able to reach its directory through the (root-owned) work dir.
    chmodSync(dirname(dir), 0o711);
    chownSync(dir, uid, gid);
    chownSync(dataDir, uid, gid);
  }
  const pg = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(BIN, tool), ...args]) : run(join(BIN, tool), args);

  const port = await freePort();
  await pg('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=64MB`;
  const start = () =>
    pg('pg_ctl', ['-D', dataDir, '-l', join(dir, 'postgres.log'), '-o', options, '-w', 'start']);
  await start();
  await pg('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'dunning']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/dunning`,
    async crashAndRestart() {
      await pg('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      await start();
    },
    async start() {
      await start();
    },
    async stop() {
      await pg('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']).catch(() => {});
    },
  };
}
