// Bundles the CLI and the public entry points with esbuild (run by `npm ci` through `prepare`).
// Heavy target libraries stay external and load lazily, so start-up stays fast.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: {
    cli: 'compiler/cli/bin.ts',
    index: 'compiler/index.ts',
    plugin: 'compiler/plugin-api.ts',
    'plugin-testing': 'compiler/plugin-testing.ts',
  },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  external: ['cdktf', '@cdktf/provider-aws', 'cdk8s', 'constructs'],
  define: { __INFRAGEN_VERSION__: JSON.stringify(version) },
  banner: { js: "import { createRequire as __infragenCreateRequire } from 'node:module'; const require = __infragenCreateRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
