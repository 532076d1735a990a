// `npm start`: runs the four services as child processes, shows their logs in one stream, prints
// where to find them once all are ready, and stops them cleanly on Ctrl-C.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const services = [
  { name: 'invoices', port: 3001 },
  { name: 'credit-risk', port: 3002 },
  { name: 'dunning', port: 3003 },
  { name: 'notifications', port: 3004 },
] as const;

const root = fileURLToPath(new URL('..', import.meta.url));
const startedAt = Date.now();
const children = new Map<string, ChildProcess>();
let stopping = false;

const levelNames: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

/** One readable line per pino record; anything that is not JSON passes through unchanged. */
function show(service: string, line: string): void {
  try {
    const { level, time, msg, pid: _pid, hostname: _host, name: _name, ...rest } = JSON.parse(line);
    const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
    const clock = new Date(time).toISOString().slice(11, 19);
    console.log(`${clock} ${(levelNames[level] ?? level).padEnd(5)} [${service}] ${msg ?? ''}${extra}`);
  } catch {
    console.log(`[${service}] ${line}`);
  }
}

function start(name: string): ChildProcess {
  const child = spawn(process.execPath, [`services/${name}/src/main.ts`], {
    cwd: root,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: Ctrl-C reaches only this supervisor, which stops each service once.
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on('line', (line) => show(name, line));
  }
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(`[${name}] exited unexpectedly (${signal ?? `code ${code}`}); stopping the platform`);
      void stop(1);
    } else if (children.size === 0) {
      console.log('all services stopped');
    }
  });
  children.set(name, child);
  return child;
}

async function stop(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('stopping services...');
  const exits = [...children.values()].map(
    (child) =>
      new Promise<void>((resolve) => {
        const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  );
  await Promise.all(exits);
  console.log('Kafka keeps running for the next start; `npm run infra:down` stops it.');
  process.exit(exitCode);
}

async function ready(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok;
  } catch {
    return false;
  }
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

for (const service of services) start(service.name);

const deadline = Date.now() + 120_000;
while (!stopping) {
  const states = await Promise.all(services.map((service) => ready(service.port)));
  if (states.every(Boolean)) break;
  if (Date.now() > deadline) {
    console.error('services not ready after 120 s; stopping');
    await stop(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}

if (!stopping) {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  console.log(`\nThe dunning platform is ready (${seconds} s):`);
  for (const { name, port } of services) {
    console.log(`  ${name.padEnd(14)} http://127.0.0.1:${port}   docs: http://127.0.0.1:${port}/docs`);
  }
  console.log('Press Ctrl-C to stop.\n');
}
