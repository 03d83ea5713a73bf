import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // goldens are built from the files alone: a developer's IMAGE_TAG must not change them
    env: { IMAGE_TAG: '' },
  },
});
