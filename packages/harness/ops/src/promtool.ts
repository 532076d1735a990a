import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './artefacts.ts';

/** promtool as infra/prometheus/install-promtool.sh leaves it, else from PATH; an error when neither. */
export function promtoolPath(): string {
  const extracted = join(root, 'var/tools/prometheus/usr/bin/promtool');
  if (existsSync(extracted)) return extracted;
  const onPath = spawnSync('promtool', ['--version']);
  if (onPath.status === 0) return 'promtool';
  throw new Error(
    'promtool is missing: run `bash infra/prometheus/install-promtool.sh` (as root the first time)',
  );
}

/** Runs promtool; resolves to its output, throws with its output when it fails. */
export function promtool(args: string[]): string {
  try {
    return execFileSync(promtoolPath(), args, { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}
