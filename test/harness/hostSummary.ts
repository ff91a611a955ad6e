// Reads what test/host/suite/index.ts prints: a start line, mocha's report, `host: N passed, N failed`.
export interface HostSummary {
  passed: number;
  failed: number;
}

const start = 'host: suite starting';
const summary = /^host: (\d+) passed, (\d+) failed/;

export function summaryFrom(output: readonly string[]): HostSummary {
  for (const line of [...output].reverse()) {
    const match = summary.exec(line);
    if (match) return { passed: Number(match[1]), failed: Number(match[2]) };
  }
  return { passed: 0, failed: 0 };
}

/** The suite's own lines: the workbench logs into the same channel before and during the run. */
export function suiteLines(output: readonly string[]): string[] {
  const first = output.findIndex((line) => line.startsWith(start));
  if (first < 0) return [];
  const last = output.findIndex((line, index) => index > first && summary.test(line));
  const noise = /AccountPolicyGate|open-vsx\.org/;
  return output.slice(first, last < 0 ? undefined : last + 1).filter((line) => !noise.test(line));
}

/**
 * Runs a host runner's main and exits with its code. A runner that itself throws still prints a
 * summary line, so .ci/run counts it as failed rather than as having run no test.
 */
export function exitWith(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(error.stack ?? error.message);
      console.log('host: 0 passed, 0 failed (the runner itself failed)');
      process.exit(1);
    },
  );
}
