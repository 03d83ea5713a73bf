// Bundles the CLI and the public entry points with esbuild (run by `npm ci` through `prepare`).
// Heavy target libraries stay external and load lazily, so start-up stays fast.
import { build } from 'esbuild';
import { chmodSync, copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * yaml's parser and composer test their debug switches (`LOG_TOKENS`, `LOG_STREAM`) in
 * `process.env` once per token: a call into node's environment each time, ≈ 20 % of the CPU of
 * parsing a large file (bench/README.md, "Sixth round"). This reads each switch once, when the
 * module loads, which is when a user sets it anyway. The bundle fails if yaml's code changes shape.
 */
const yamlSwitchesReadOnce = {
  name: 'yaml-switches-read-once',
  setup(bundle) {
    const switches = { 'parse/parser.js': 'LOG_TOKENS', 'compose/composer.js': 'LOG_STREAM' };
    bundle.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, ({ path: file }) => {
      const name = switches[file.split(/[\\/]dist[\\/]/).pop().replaceAll('\\', '/')];
      const source = readFileSync(file, 'utf8');
      const load = "var node_process = require('process');\n";
      const read = `node_process.env.${name}`;
      if (source.split(load).length !== 2 || source.split(read).length !== 2 || source.split(`if (${read})`).length !== 2) throw new Error(`${file}: yaml no longer reads ${read} as scripts/bundle.mjs expects`);
      const hoisted = `__infragen_yaml_${name}`;
      return { contents: source.replace(load, `${load}const ${hoisted} = ${read};\n`).replace(`if (${read})`, `if (${hoisted})`), loader: 'js' };
    });
  },
};

// Chunk names carry content hashes: start from an empty folder so old chunks do not pile up.
rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: {
    cli: 'compiler/cli/bin.ts',
    index: 'compiler/index.ts',
    plugin: 'compiler/plugin-api.ts',
    'plugin-testing': 'compiler/plugin-testing.ts',
    // Runs built-in targets in a worker thread for large systems (compiler/target-workers.ts).
    'target-worker': 'compiler/target-worker.ts',
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
  plugins: [yamlSwitchesReadOnce],
});

// The worker thread runs its target once on this model while it waits for the real one (compiler/target-worker.ts).
copyFileSync('examples/guardian-partner/model.json', 'dist/warm-up-model.json');

// The bin entry runs as a program on unix: give it a shebang and the executable bit.
const cli = 'dist/cli.mjs';
writeFileSync(cli, `#!/usr/bin/env node\n${readFileSync(cli, 'utf8')}`);
chmodSync(cli, 0o755);
