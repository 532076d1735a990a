import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { type LifecycleOptions, runUntilSignalled } from '../src/index.ts';

function harness(overrides: Partial<LifecycleOptions> = {}) {
  const events = new EventEmitter();
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn(), fatal: vi.fn() };
  const start = vi.fn(async () => {});
  const stop = vi.fn(async () => {});
  let resolveExit: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => {
    resolveExit = resolve;
  });
  const exit = vi.fn((code: number) => resolveExit(code));
  const run = () =>
    runUntilSignalled({
      logger,
      start,
      stop,
      exit,
      processEvents: events,
      shutdownTimeoutMs: 100,
      ...overrides,
    });
  return { events, logger, start, stop, exit, exited, run };
}

const never = () => new Promise<void>(() => {});

describe('runUntilSignalled', () => {
  it('starts, then stops and exits 0 on SIGTERM', async () => {
    const h = harness();
    await h.run();
    expect(h.start).toHaveBeenCalledOnce();
    expect(h.stop).not.toHaveBeenCalled();
    h.events.emit('SIGTERM');
    expect(await h.exited).toBe(0);
    expect(h.stop).toHaveBeenCalledOnce();
    expect(h.events.listenerCount('SIGTERM')).toBe(0);
    expect(h.events.listenerCount('uncaughtException')).toBe(0);
  });

  it('forces exit 1 on a second signal while stopping', async () => {
    const h = harness({ stop: vi.fn(never), shutdownTimeoutMs: 10_000 });
    await h.run();
    h.events.emit('SIGINT');
    h.events.emit('SIGINT');
    expect(await h.exited).toBe(1);
    expect(h.exit).toHaveBeenCalledOnce();
  });

  it('exits 1 when stop overruns the timeout', async () => {
    const h = harness({ stop: vi.fn(never), shutdownTimeoutMs: 20 });
    await h.run();
    h.events.emit('SIGTERM');
    expect(await h.exited).toBe(1);
    expect(h.logger.error).toHaveBeenCalledWith(
      { shutdownTimeoutMs: 20 },
      expect.stringMatching(/timed out/),
    );
  });

  it('exits 1 when stop fails', async () => {
    const h = harness({ stop: vi.fn(async () => Promise.reject(new Error('pool end failed'))) });
    await h.run();
    h.events.emit('SIGTERM');
    expect(await h.exited).toBe(1);
  });

  it('logs a failed start, cleans up and exits 1', async () => {
    const failure = new Error('port in use');
    const h = harness({ start: vi.fn(async () => Promise.reject(failure)) });
    await h.run();
    expect(await h.exited).toBe(1);
    expect(h.logger.fatal).toHaveBeenCalledWith({ err: failure }, expect.stringMatching(/start failed/));
  });

  it.each(['unhandledRejection', 'uncaughtException'])(
    'logs %s, stops gracefully and exits 1',
    async (event) => {
      const h = harness();
      await h.run();
      const failure = new Error('boom');
      h.events.emit(event, failure);
      expect(await h.exited).toBe(1);
      expect(h.stop).toHaveBeenCalledOnce();
      expect(h.logger.fatal).toHaveBeenCalledWith({ err: failure }, expect.any(String));
    },
  );

  it('shuts down after a slow start when signalled during it', async () => {
    let finishStart: () => void = () => {};
    const h = harness({
      start: vi.fn(
        () =>
          new Promise<void>((resolve) => {
            finishStart = resolve;
          }),
      ),
      shutdownTimeoutMs: 1000,
    });
    const running = h.run();
    h.events.emit('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(h.stop).not.toHaveBeenCalled();
    finishStart();
    await running;
    expect(await h.exited).toBe(0);
    expect(h.stop).toHaveBeenCalledOnce();
  });
});
