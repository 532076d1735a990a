import { testInfra, uniqueName, waitFor } from '@dunning/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createPool, listen } from '../src/index.ts';

describe('listen', () => {
  const { databaseUrl } = testInfra();
  const admin = createPool({
    connectionString: databaseUrl,
    schema: 'public',
    applicationName: 'pg-listen-admin',
  });
  afterAll(() => admin.end());

  const backendOf = async (applicationName: string) => {
    const result = await admin.query<{ pid: number }>({
      text: `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query ILIKE 'LISTEN%'`,
      values: [applicationName],
    });
    return result.rows.map((row) => row.pid);
  };

  it('reconnects after PostgreSQL ends its session, and still delivers notifications', async () => {
    const channel = uniqueName('listen');
    const applicationName = uniqueName('pg-listen');
    const heard: string[] = [];
    const listening: boolean[] = [];
    const warnings: string[] = [];
    const listener = await listen(
      { connectionString: databaseUrl, application_name: applicationName },
      channel,
      (payload) => heard.push(payload),
      {
        onListening: ({ reconnected }) => listening.push(reconnected),
        logger: { warn: (_details, message) => warnings.push(message) },
        minDelayMs: 50,
      },
    );
    try {
      expect(listener.listening).toBe(true);
      expect(listening).toEqual([false]);
      await admin.query({ text: 'SELECT pg_notify($1, $2)', values: [channel, 'before'] });
      await waitFor(() => heard.includes('before'), { what: 'the first notification' });

      const [pid] = await backendOf(applicationName);
      expect(pid).toBeDefined();
      await admin.query({ text: 'SELECT pg_terminate_backend($1)', values: [pid] });
      await waitFor(() => listening.length === 2, { what: 'LISTEN again after the session was ended' });
      expect(listening).toEqual([false, true]);
      expect(warnings).toEqual(['LISTEN connection lost; reconnecting']);
      expect(listener.listening).toBe(true);
      const [newPid] = await backendOf(applicationName);
      expect(newPid).toBeDefined();
      expect(newPid).not.toBe(pid);

      await admin.query({ text: 'SELECT pg_notify($1, $2)', values: [channel, 'after'] });
      await waitFor(() => heard.includes('after'), { what: 'a notification after the reconnection' });
      expect(heard).toEqual(['before', 'after']);
    } finally {
      await listener.stop();
    }
    expect(listener.listening).toBe(false);
    await admin.query({ text: 'SELECT pg_notify($1, $2)', values: [channel, 'stopped'] });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).not.toContain('stopped');
    expect(await backendOf(applicationName)).toEqual([]);
  });

  it('keeps trying while PostgreSQL cannot be reached, and stop() ends the trying', async () => {
    const failures: unknown[] = [];
    const listener = await listen('postgres://postgres@127.0.0.1:1/none', 'nowhere', () => {}, {
      logger: { warn: (details) => failures.push(details) },
      minDelayMs: 10,
      maxDelayMs: 20,
    });
    expect(listener.listening).toBe(false);
    await waitFor(() => failures.length >= 3, { what: 'repeated attempts' });
    await listener.stop();
    const after = failures.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(failures.length).toBe(after);
  });

  it('refuses a channel name PostgreSQL would truncate', async () => {
    await expect(listen(databaseUrl, 'x'.repeat(64), () => {})).rejects.toThrow(/invalid channel name/);
  });
});
