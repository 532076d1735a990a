/** A single environment variable that failed validation, and why. */
export type ConfigIssue = { variable: string; message: string };

/**
 * Thrown at startup when the environment does not satisfy the service's config schema;
 * the message lists every failing variable (never its value, which may be a secret).
 */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(
      ['Invalid configuration:', ...issues.map((issue) => `  ${issue.variable}: ${issue.message}`)].join(
        '\n',
      ),
    );
    this.name = 'ConfigError';
    this.issues = issues;
  }
}
