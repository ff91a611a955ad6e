// Compiles the in-host mocha suite: the extension host loads plain CommonJS, never .ts.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './tools';

export const hostSuiteSource = join(repoRoot, 'test', 'host', 'suite');
export const hostSuiteOutput = join(repoRoot, 'dist', 'test', 'host');

/**
 * index.js (mocha bundled in: mocha 12 ships ESM that older extension hosts cannot require)
 * plus one <name>.test.js per test file, which index.js hands to mocha. Returns the output dir,
 * the extensionTestsPath.
 */
export async function bundleHostSuite(sourceDir = hostSuiteSource, outputDir = hostSuiteOutput): Promise<string> {
  const tests = readdirSync(sourceDir).filter((name) => name.endsWith('.test.ts'));
  if (tests.length === 0) throw new Error(`no *.test.ts in ${sourceDir}`);
  rmSync(outputDir, { recursive: true, force: true });
  await build({
    entryPoints: [join(sourceDir, 'index.ts'), ...tests.map((name) => join(sourceDir, name))],
    outdir: outputDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode'],
    logLevel: 'warning',
    // mocha's parallel mode resolves worker files at runtime; the suite runs serially.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
  return outputDir;
}
