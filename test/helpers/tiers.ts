/**
 * The two test tiers. `npm test` runs the quick tier; `INFRAGEN_SLOW_TESTS=1 npm test` (`npm run
 * test:all`, and .ci/run) adds the slow one: the browser, the packed package, the language server
 * and watch processes, and the long fuzz and kill -9 runs. A slow suite is skipped by name, never
 * by an early return, so the run lists what it left out.
 */
export const SLOW_TESTS = process.env.INFRAGEN_SLOW_TESTS === '1';

/** Appended to the name of a suite that only the slow tier runs. */
export const SLOW_TIER = '[slow tier: INFRAGEN_SLOW_TESTS=1]';

/** `quick` in the default run, `slow` when the slow tier runs. */
export const byTier = (quick: number, slow: number): number => (SLOW_TESTS ? slow : quick);
