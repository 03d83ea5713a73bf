import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // forks, not threads: the CLI helper changes the working directory, which a worker thread cannot.
    pool: 'forks',
    // Both cores (the default leaves one idle), and each worker keeps its modules from file to file:
    // importing cdktf, its AWS provider and cdk8s anew for every file cost most of the run. The
    // files share no state through them (no mocks; the env vars they set are put back).
    maxWorkers: 2,
    isolate: false,
    // goldens are built from the files alone: a developer's IMAGE_TAG must not change them
    env: { IMAGE_TAG: '' },
  },
});
