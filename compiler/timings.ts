/** Wall time per stage in milliseconds (`target:<id>` for each target), as `--timings` prints it. */
export type StageTimings = Record<string, number>;

/** Runs `run`, adding the time it took to `timings[stage]` (a stage that runs twice, as in a `diff`, adds up). */
export function timed<T>(timings: StageTimings, stage: string, run: () => T): T {
  const start = performance.now();
  try {
    return run();
  } finally {
    timings[stage] = (timings[stage] ?? 0) + performance.now() - start;
  }
}
