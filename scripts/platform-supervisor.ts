// Runs the platform (the four services; under `npm start` the console too) as child processes with one merged, readable log stream, waits until
// each answers /health/ready, and stops them together (once) on request or when one dies.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { platformServices } from '@dunning/platform-manifest';

const levelNames: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

/** One readable line per pino record; anything that is not JSON passes through unchanged. */
function formatLine(service: string, line: string): string {
  try {
    const { level, time, msg, pid: _pid, hostname: _host, name: _name, ...rest } = JSON.parse(line);
    const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
    const clock = new Date(time).toISOString().slice(11, 19);
    return `${clock} ${(levelNames[level] ?? level).padEnd(5)} [${service}] ${msg ?? ''}${extra}`;
  } catch {
    return `[${service}] ${line}`;
  }
}

export interface PlatformOptions {
  /** Environment for every service (each keeps its own port and schema defaults). */
  env: NodeJS.ProcessEnv;
  /** Where log lines go; the demo hides them behind its summary. */
  log: (line: string) => void;
  readyTimeoutMs?: number;
  /** What to run, in order; the four services by default (`npm start` adds the console). */
  processes?: readonly { name: string; port: number; main: string }[];
}

export interface Platform {
  /** Resolves with the seconds it took once every service is ready; rejects if one dies first. */
  ready: Promise<number>;
  stop(): Promise<void>;
  /** Resolves when a service exits on its own (the platform is then stopped). */
  crashed: Promise<string>;
}

export function startPlatform(options: PlatformOptions): Platform {
  const startedAt = Date.now();
  const processes = options.processes ?? platformServices;
  const children = new Map<string, ChildProcess>();
  let stopping: Promise<void> | undefined;
  let reportCrash: (name: string) => void = () => {};
  const crashed = new Promise<string>((resolve) => {
    reportCrash = resolve;
  });

  const stop = (): Promise<void> => {
    stopping ??= Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
            child.once('exit', () => {
              clearTimeout(killer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    ).then(() => {});
    return stopping;
  };

  for (const { name, main } of processes) {
    const child = spawn(process.execPath, [main], {
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group: Ctrl-C reaches only the supervisor, which stops each service once.
      detached: true,
    });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream! }).on('line', (line) => options.log(formatLine(name, line)));
    }
    child.on('exit', (code, signal) => {
      if (stopping) return;
      options.log(`[${name}] exited unexpectedly (${signal ?? `code ${code}`}); stopping the platform`);
      reportCrash(name);
      void stop();
    });
    children.set(name, child);
  }

  const ready = (async () => {
    const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
    for (;;) {
      if (stopping) throw new Error('the platform stopped before it was ready');
      const states = await Promise.all(
        processes.map(({ port }) =>
          fetch(`http://127.0.0.1:${port}/health/ready`).then(
            (response) => response.ok,
            () => false,
          ),
        ),
      );
      if (states.every(Boolean)) return (Date.now() - startedAt) / 1000;
      if (Date.now() > deadline) throw new Error('services not ready after the timeout');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();
  return { ready, stop, crashed };
}
