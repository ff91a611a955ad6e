// Bundles every face of the workbench with esbuild; type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning' };
const node = { ...common, platform: 'node', target: 'node20', format: 'cjs' };

mkdirSync('dist', { recursive: true });
await Promise.all([
  build({ ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...node, entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js' }),
  build({ ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: ['webview/run/main.ts'], outfile: 'dist/webview/run.js' }),
]);
// sql.js looks for its wasm beside the bundle that loads it (see src/core/store/sqlite.ts).
copyFileSync(require.resolve('sql.js/dist/sql-wasm.wasm'), 'dist/sql-wasm.wasm');
