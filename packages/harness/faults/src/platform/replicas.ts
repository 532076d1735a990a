import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { platformService, repositoryRoot, type ServiceName, serviceNames } from '@dunning/platform-manifest';
import type { OpsStatus } from '@dunning/service-host';
import { freePort } from '@dunning/testing/free-port';
import { stopProcess } from '@dunning/testing/stop-process';

export type { ServiceName };

export interface Replica {
  service: ServiceName;
  index: number;
  port: number;
  child: ChildProcess;
  /** Exits nobody asked for; a supervisor (like systemd or Kubernetes) starts the replica again. */
  selfExits: number;
}

export interface ReplicaSetOptions {
  replicas: number;
  logDir: string;
  env(service: ServiceName): Record<string, string>;
}

/**
 * Every service as `replicas` separate processes, each on its own port, restarted like a supervisor
 * would when it exits on its own. The suite kills them with SIGKILL; nothing here ends them gently
 * except `stopAll`.
 */
export class ReplicaSet {
  readonly replicas: Replica[] = [];
  private readonly logs = new Map<string, WriteStream>();
  private readonly expectedExits = new Set<ChildProcess>();
  private stopping = false;
  private readonly options: ReplicaSetOptions;

  constructor(options: ReplicaSetOptions) {
    this.options = options;
  }

  async startAll(): Promise<void> {
    for (const service of serviceNames) {
      for (let index = 0; index < this.options.replicas; index++) {
        const replica: Replica = { service, index, port: await freePort(), child: undefined!, selfExits: 0 };
        this.replicas.push(replica);
        this.spawn(replica);
      }
    }
    // Every process starts at once and competes for the cores: a minute more per replica of each service.
    await this.allReady(60_000 * (this.options.replicas + 1));
  }

  of(service: ServiceName): Replica[] {
    return this.replicas.filter((replica) => replica.service === service);
  }

  url(replica: Replica): string {
    return `http://127.0.0.1:${replica.port}`;
  }

  /** SIGKILL: no shutdown hook runs, whatever was in flight is cut off. */
  async kill(replica: Replica): Promise<void> {
    const { child } = replica;
    this.expectedExits.add(child);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  restart(replica: Replica): void {
    this.spawn(replica);
  }

  async allReady(timeoutMs = 180_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ready = await Promise.all(
        this.replicas.map((replica) =>
          fetch(`${this.url(replica)}/health/ready`, { signal: AbortSignal.timeout(2_000) }).then(
            (response) => response.ok,
            () => false,
          ),
        ),
      );
      if (ready.every(Boolean)) return;
      if (Date.now() > deadline) {
        const down = this.replicas.filter((_, i) => !ready[i]).map((r) => `${r.service}#${r.index}`);
        throw new Error(`not ready after ${timeoutMs / 1000} s: ${down.join(', ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Messages the services' consumer groups have yet to read, summed (from each service's ops status). */
  async consumerLag(adminKey: string): Promise<bigint> {
    const oneOfEach = [...new Map(this.replicas.map((replica) => [replica.service, replica])).values()];
    let lag = 0n;
    for (const replica of oneOfEach) {
      const response = await fetch(`${this.url(replica)}/v1/ops/status`, {
        headers: { authorization: `Bearer ${adminKey}` },
        signal: AbortSignal.timeout(5_000),
      });
      if (!response.ok) throw new Error(`${replica.service} ops status answered ${response.status}`);
      const status = (await response.json()) as OpsStatus;
      for (const consumer of status.consumers) lag += BigInt(consumer.totalLag);
    }
    return lag;
  }

  selfExits(): number {
    return this.replicas.reduce((sum, replica) => sum + replica.selfExits, 0);
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.replicas.map(async ({ child }) => {
        if (child) await stopProcess(child, { killAfterMs: 20_000 });
      }),
    );
    for (const log of this.logs.values()) log.end();
  }

  private spawn(replica: Replica): void {
    const name = `${replica.service}-${replica.index}`;
    let log = this.logs.get(name);
    if (!log) {
      log = createWriteStream(join(this.options.logDir, `${name}.log`), { flags: 'a' });
      this.logs.set(name, log);
    }
    const child = spawn(process.execPath, [platformService(replica.service).main], {
      cwd: repositoryRoot,
      env: {
        ...process.env,
        ...this.options.env(replica.service),
        HOST: '127.0.0.1',
        PORT: String(replica.port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    replica.child = child;
    child.once('exit', (code, signal) => {
      if (this.stopping || this.expectedExits.delete(child)) return;
      replica.selfExits++;
      log.write(`\n[fault-suite] ${name} exited on its own (${signal ?? `code ${code}`}); restarting\n`);
      setTimeout(() => {
        if (!this.stopping) this.spawn(replica);
      }, 1_000);
    });
  }
}
