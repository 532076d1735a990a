import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const script = new URL('../system-packages.sh', import.meta.url).pathname;

/**
 * A PATH holding only the tools the script uses, a dpkg-query that knows no package, and an `id` of a
 * user who is not root: the script's view of a fresh machine it may not install on.
 */
function freshMachinePath(extraCommands: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'fresh-machine-'));
  for (const tool of ['grep', 'cat', 'printf', 'rm', 'chmod', ...extraCommands])
    symlinkSync(`/usr/bin/${tool}`, join(dir, tool));
  const fake = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/bash\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  fake('dpkg-query', 'exit 1');
  fake('id', 'echo 1000');
  return dir;
}

async function run(path: string): Promise<{ code: number; stderr: string }> {
  try {
    await promisify(execFile)('/bin/bash', [script], { env: { PATH: path } });
    return { code: 0, stderr: '' };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

describe('system packages on a fresh machine', () => {
  it('names the exact command for what is missing, servers included, when it may not install', async () => {
    const result = await run(freshMachinePath([]));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'sudo apt-get install -y poppler-utils chromium postgresql redis-server default-jre-headless maven',
    );
  });

  it('leaves alone the servers the machine already has', async () => {
    const path = freshMachinePath([]);
    for (const server of ['pg_ctl', 'redis-server', 'java', 'mvn']) {
      writeFileSync(join(path, server), '#!/bin/bash\n');
      chmodSync(join(path, server), 0o755);
    }
    const result = await run(path);
    expect(result.stderr).toContain('sudo apt-get install -y poppler-utils chromium\n');
  });
});
