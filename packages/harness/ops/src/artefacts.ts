import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const root = join(import.meta.dirname, '../../../..');
export const rulesDir = join(root, 'infra/prometheus');
export const rulesTestsDir = join(rulesDir, 'tests');
export const dashboardsDir = join(root, 'infra/grafana');

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  annotations?: Record<string, string>;
}

export const ruleFiles = () =>
  readdirSync(rulesDir)
    .filter((f) => f.endsWith('.yml'))
    .map((f) => join(rulesDir, f));

export const ruleTestFiles = () =>
  readdirSync(rulesTestsDir)
    .filter((f) => f.endsWith('.yml'))
    .map((f) => join(rulesTestsDir, f));

export function rules(): Rule[] {
  return ruleFiles().flatMap((file) =>
    (parse(readFileSync(file, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules),
  );
}

/** Every PromQL expression of the dashboards' panels. */
export function dashboardExprs(): { file: string; expr: string }[] {
  return readdirSync(dashboardsDir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      const dashboard = JSON.parse(readFileSync(join(dashboardsDir, f), 'utf8')) as {
        panels: { targets?: { expr: string }[] }[];
      };
      return dashboard.panels.flatMap((p) => (p.targets ?? []).map(({ expr }) => ({ file: f, expr })));
    });
}
