import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repositoryRoot } from '@dunning/platform-manifest';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Where a failing run keeps its screenshot and trace (open the trace with `npx playwright show-trace`). */
export const ARTIFACTS_DIR = join(repositoryRoot, 'var', 'test-results', 'console');

export interface BrowserSession {
  browser: Browser;
  /** A fresh browser context (its own cookies): one per person signing in. */
  person(name: string): Promise<Person>;
  /** Keeps a screenshot of every open page and every context's trace, and answers what each page said; called when a test fails. */
  keepEvidence(testName: string): Promise<string[]>;
  close(): Promise<void>;
}

export interface Person {
  name: string;
  context: BrowserContext;
  page: Page;
  /** Opens a path of the console and checks the page with axe-core (serious or critical violations fail). */
  open(path: string): Promise<Page>;
  checkAccessibility(): Promise<void>;
}

async function runAxe(page: Page): Promise<{ id: string; impact: string | null; nodes: number }[]> {
  // axe is in every page already (the context's init script; init scripts and evaluation go through the
  // DevTools protocol, which the page's CSP does not restrict).
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(options: {
            resultTypes: string[];
          }): Promise<{ violations: { id: string; impact: string | null; nodes: unknown[] }[] }>;
        };
      }
    ).axe;
    // Only violations are read: axe skips assembling the passes.
    const result = await axe.run({ resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
}

/** Debian's chromium driven by playwright-core (the Playwright browser download is not reachable here). */
export async function startBrowser(baseUrl: string): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
  const people: Person[] = [];
  return {
    browser,
    async person(name) {
      const context = await browser.newContext({ baseURL: baseUrl });
      // Loaded into every page as it opens: far cheaper than evaluating axe's source at each check.
      await context.addInitScript({ content: axeSource });
      // DOM snapshots only: the screencast's screenshots cost more CPU than the rest of the test.
      await context.tracing.start({ screenshots: false, snapshots: true });
      const page = await context.newPage();
      // Anything the strict CSP blocked (an inline script or style that slipped in) fails the check.
      const blocked: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) blocked.push(`${page.url()}: ${message.text()}`);
      });
      const person: Person = {
        name,
        context,
        page,
        async open(path) {
          await page.goto(path);
          await person.checkAccessibility();
          return page;
        },
        async checkAccessibility() {
          const violations = await runAxe(page);
          const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          expect(serious, `axe on ${page.url()}`).toEqual([]);
          expect(
            blocked.filter((line) => !line.includes('/ops/relay/')),
            'CSP violations',
          ).toEqual([]);
        },
      };
      people.push(person);
      return person;
    },
    async keepEvidence(testName) {
      const dir = join(ARTIFACTS_DIR, testName.replace(/[^\w-]+/g, '-').slice(0, 80));
      mkdirSync(dir, { recursive: true });
      const kept: string[] = [];
      for (const person of people) {
        // What the page said (an error page's reason), so a CI log shows it without the trace.
        const said = await person.page
          .locator('main')
          .textContent({ timeout: 2_000 })
          .catch(() => null);
        kept.push(
          `${person.name} at ${person.page.url()}: ${(said ?? '(no main)').replace(/\s+/g, ' ').slice(0, 400)}`,
        );
        const shot = join(dir, `${person.name}.png`);
        await person.page.screenshot({ path: shot, fullPage: true }).catch(() => {});
        const trace = join(dir, `${person.name}-trace.zip`);
        await person.context.tracing.stop({ path: trace }).catch(() => {});
        kept.push(shot, trace);
      }
      return kept;
    },
    async close() {
      await browser.close();
    },
  };
}
