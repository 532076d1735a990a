import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '@dunning/platform-manifest';
import { testInfra, uniqueName } from '@dunning/testing';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

function run(script: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [script, ...args],
      // Only the variables given: the machine's own DATABASE_URL or <SERVICE>_DATABASE_URL must not leak in.
      { cwd: repositoryRoot, env: { PATH: process.env.PATH, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

// Two databases stand for two servers: each service's backup is read from, and restored to, the
// database its own variable names, and holds its schema alone.
describe('backup and restore per service, with services on separate databases', () => {
  const { databaseUrl } = testInfra();
  const name = uniqueName('perservice');
  const shared = Object.assign(new URL(databaseUrl), { pathname: `/${name}_shared` }).href;
  const own = Object.assign(new URL(databaseUrl), { pathname: `/${name}_dunning` }).href;
  const dir = mkdtempSync(join(tmpdir(), 'backup-per-service-'));
  afterAll(async () => {
    for (const db of [shared, own])
      await sql(databaseUrl, `DROP DATABASE IF EXISTS "${new URL(db).pathname.slice(1)}" WITH (FORCE)`);
    rmSync(dir, { recursive: true, force: true });
  });

  it("backs up and restores dunning's schema on its own database, and refuses the all-schemas form", {
    timeout: 150_000,
  }, async () => {
    for (const db of [shared, own])
      await sql(databaseUrl, `CREATE DATABASE "${new URL(db).pathname.slice(1)}"`);
    await sql(
      shared,
      'CREATE SCHEMA invoices; CREATE TABLE invoices.t (v int); INSERT INTO invoices.t VALUES (1)',
    );
    await sql(
      own,
      'CREATE SCHEMA dunning; CREATE TABLE dunning.steps (v int); INSERT INTO dunning.steps VALUES (7), (8)',
    );
    const env = { DATABASE_URL: shared, DUNNING_DATABASE_URL: own };
    const file = join(dir, 'dunning.dump');

    const refused = await run('scripts/backup.ts', ['--file', join(dir, 'all.dump')], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      'dunning has a database of its own: back up each service with --service',
    );

    const backup = await run('scripts/backup.ts', ['--service', 'dunning', '--file', file], env);
    expect(backup.stderr).toBe('');
    expect(backup.stdout).toContain('schemas dunning');
    expect(backup.code).toBe(0);

    await sql(own, 'DELETE FROM dunning.steps');
    const restore = await run('scripts/restore.ts', ['--service', 'dunning', '--file', file, '--force'], env);
    expect(restore.code).toBe(0);
    expect(await sql<{ v: number }>(own, 'SELECT v FROM dunning.steps ORDER BY v')).toEqual([
      { v: 7 },
      { v: 8 },
    ]);
    // Nothing of dunning's reached the shared database.
    expect(await sql(shared, `SELECT 1 FROM pg_namespace WHERE nspname = 'dunning'`)).toEqual([]);

    // A backup of one service restored as another is refused.
    const wrong = await run('scripts/restore.ts', ['--service', 'invoices', '--file', file, '--force'], env);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain("not invoices's alone");
  });
});
