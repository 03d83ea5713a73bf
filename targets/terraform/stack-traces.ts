/**
 * cdktf records a full-depth stack trace (`Error.stackTraceLimit = MAX_SAFE_INTEGER`) in every
 * token it creates — each `.arn` or `.id` read — for error messages at synthesis, and keeps it for
 * the life of the construct tree. This target never shows them, and they cost about a third of
 * its time and most of its memory on large systems. cdktf has no switch for it (AWS CDK's
 * `CDK_DISABLE_STACK_TRACE` was not carried over), so the capture is suspended while the target's
 * synchronous code runs, and restored afterwards whatever happens.
 */
export function withoutTokenStackTraces<T>(run: () => T): T {
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = (target: object) => {
    (target as { stack?: string }).stack = '';
  };
  try {
    return run();
  } finally {
    Error.captureStackTrace = capture;
  }
}
