// What backup.ts and restore.ts share: the schemas, running pg_dump/pg_restore/psql with progress,
// and turning their failures into a sentence an operator can act on.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { startedByNpmStart } from '@dunning/platform-manifest';
import { databaseUrlVariable, serviceDatabaseUrl } from '@dunning/service-runtime';
import pg from 'pg';

/**
 * Every schema `npm start` creates, under its default name (DB_SCHEMA): the four services' and the
 * console's (its users, sessions and audit log are no service's to rebuild, so they are backed up too).
 */
export const SERVICE_SCHEMAS = startedByNpmStart.map((service) => service.schema);

export function databaseUrl(given: string | undefined): string {
  const url = given ?? process.env.DATABASE_URL;
  if (!url) fail('no database: set DATABASE_URL (as for `npm start`) or pass --database-url');
  return url;
}

/**
 * One service's schema and database (`--service`): its `<SERVICE>_DATABASE_URL`, else the shared
 * `DATABASE_URL`, as the service itself resolves it.
 */
export function serviceTarget(name: string): { schema: string; url: string } {
  const service = startedByNpmStart.find((s) => s.name === name);
  if (!service) fail(`no service named ${name} (one of ${startedByNpmStart.map((s) => s.name).join(', ')})`);
  const url = serviceDatabaseUrl(name, process.env);
  if (!url) fail(`no database for ${name}: set ${databaseUrlVariable(name)} or DATABASE_URL`);
  return { schema: service.schema, url };
}

/**
 * The services whose own database variable is set: a backup or restore of every schema through the
 * shared DATABASE_URL would miss or misplace them, so it is refused and each is named.
 */
export function servicesOnOwnDatabases(): string[] {
  return startedByNpmStart
    .map((s) => s.name)
    .filter((name) => (process.env[databaseUrlVariable(name)] ?? '') !== '');
}

export function schemaList(given: string | undefined): string[] {
  const schemas = given ? given.split(',').map((s) => s.trim()) : SERVICE_SCHEMAS;
  for (const schema of schemas) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) fail(`not a schema name: ${JSON.stringify(schema)}`);
  }
  return schemas;
}

export function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}

/** The PostgreSQL client programs: PG_BIN_DIR when set (e.g. a newer major version), else PATH. */
export function pgTool(name: 'pg_dump' | 'pg_restore' | 'psql'): string {
  return process.env.PG_BIN_DIR ? join(process.env.PG_BIN_DIR, name) : name;
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'backup-restore' });
  try {
    await client.connect();
  } catch (error) {
    fail(`cannot connect to ${redact(url)}: ${(error as Error).message}. Is PostgreSQL running?`);
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** pg_dump refuses a server of a newer major version; say so before starting. */
export async function checkToolVersion(client: pg.Client, tool: 'pg_dump' | 'pg_restore'): Promise<void> {
  const server = Math.floor(
    Number((await client.query('SHOW server_version_num')).rows[0].server_version_num) / 10000,
  );
  const output = await runTool(pgTool(tool), ['--version']);
  const major = Number(/(\d+)(\.\d+)?/.exec(output.stdout)?.[1]);
  if (tool === 'pg_dump' && major < server) {
    fail(
      `${tool} ${major} cannot dump a PostgreSQL ${server} server: install the ${server} client programs and set PG_BIN_DIR to their directory`,
    );
  }
}

export interface ToolRun {
  stdout: string;
  stderr: string;
}

/**
 * Runs a client program; each stderr line goes to onLine (pg_dump/pg_restore --verbose report progress
 * there). A non-zero exit or a missing program ends the script with an explanation.
 */
export function runTool(
  command: string,
  args: string[],
  options: {
    onLine?: (line: string) => void;
    stdin?: NodeJS.ReadableStream;
    pipeTo?: NodeJS.WritableStream;
    onSpawn?: (child: ChildProcess) => void;
  } = {},
): Promise<ToolRun> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    options.onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    let partial = '';
    if (options.stdin && child.stdin) options.stdin.pipe(child.stdin);
    if (options.pipeTo) child.stdout?.pipe(options.pipeTo);
    else child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        stderr += `${line}\n`;
        options.onLine?.(line);
      }
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        fail(
          `${command} not found: install the PostgreSQL client programs (Debian: postgresql-client) or set PG_BIN_DIR`,
        );
      }
      fail(`${command} could not start: ${error.message}`);
    });
    child.on('close', (code) => {
      if (partial) {
        stderr += partial;
        options.onLine?.(partial);
      }
      if (code !== 0) fail(`${command} failed (exit ${code}):\n${explain(stderr)}`);
      resolve({ stdout, stderr });
    });
  });
}

/** The tool's own last lines, and what usually causes them. */
function explain(stderr: string): string {
  const tail = stderr.trim().split('\n').slice(-8).join('\n');
  const hints: [RegExp, string][] = [
    [
      /server version mismatch/,
      'the client programs are older than the server: set PG_BIN_DIR to newer ones',
    ],
    [
      /Connection refused|could not connect|No such file or directory.*socket/,
      'PostgreSQL is not reachable at DATABASE_URL',
    ],
    [/does not exist/, 'the database or a schema named does not exist'],
    [
      /input file does not appear to be a valid archive|input file is too short/,
      'the file is not a backup made by this command (custom format)',
    ],
    [/already exists/, 'the target already holds these objects'],
    [/No space left on device/, 'the disk is full'],
  ];
  const hint = hints.find(([pattern]) => pattern.test(stderr))?.[1];
  return hint ? `${tail}\n(likely cause: ${hint})` : tail;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
