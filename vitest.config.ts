import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // forks, not threads: the CLI helper changes the working directory, which a worker thread cannot.
    pool: 'forks',
    // At least two workers (vitest's default, one fewer than the cores, leaves a 2-core machine
    // half idle), and each keeps its modules from file to file: importing cdktf, its AWS provider
    // and cdk8s anew for every file cost most of the run. The files share no state through them
    // (no mocks; the env vars they set are put back).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    isolate: false,
    // goldens are built from the files alone: a developer's IMAGE_TAG must not change them
    env: { IMAGE_TAG: '' },
    // Transformed sources kept on disk between runs (node_modules/.experimental-vitest-cache, keyed
    // by each file's contents): the main process otherwise transforms every .ts file anew.
    experimental: { fsModuleCache: true },
  },
});
