import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { root, ruleFiles, rules, ruleTestFiles } from '../src/artefacts.ts';
import { promtool } from '../src/promtool.ts';

interface RuleTests {
  tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
}

describe('Prometheus rules (infra/prometheus)', () => {
  // promtool is a separate process; on a loaded machine it takes seconds.
  it('pass promtool check rules', { timeout: 60_000 }, () => {
    const files = ruleFiles();
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(promtool(['check', 'rules', ...files])).not.toContain('FAILED');
  });

  it('pass their promtool unit tests', { timeout: 60_000 }, () => {
    const files = ruleTestFiles();
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(promtool(['test', 'rules', ...files])).not.toContain('FAILED');
  });

  it('test every alert both firing and quiet', () => {
    const cases = ruleTestFiles().flatMap((file) =>
      (parse(readFileSync(file, 'utf8')) as RuleTests).tests.flatMap((t) => t.alert_rule_test ?? []),
    );
    for (const { alert } of rules().filter((r) => r.alert)) {
      const mine = cases.filter((c) => c.alertname === alert);
      expect(
        mine.some((c) => (c.exp_alerts ?? []).length > 0),
        `${alert} has no case that fires`,
      ).toBe(true);
      expect(
        mine.some((c) => (c.exp_alerts ?? []).length === 0),
        `${alert} has no case that stays quiet`,
      ).toBe(true);
    }
  });

  it('link every alert to its runbook entry in docs/operations.md', () => {
    const operations = readFileSync(join(root, 'docs/operations.md'), 'utf8');
    // GitHub's anchors: the heading in lower case, spaces as hyphens, other punctuation dropped.
    const anchors = new Set(
      [...operations.matchAll(/^#+ (.+)$/gm)].map(([, heading]) =>
        heading!
          .trim()
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, '')
          .replace(/ /g, '-'),
      ),
    );
    for (const { alert, annotations } of rules().filter((r) => r.alert)) {
      const url = annotations?.runbook_url ?? '';
      expect(url, `${alert} runbook_url`).toMatch(/^docs\/operations\.md#/);
      expect(anchors, `${alert}: no heading for ${url}`).toContain(url.split('#')[1]);
    }
  });
});
