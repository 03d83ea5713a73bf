/**
 * The metric names an alarm may watch, per source kind. These are language names; each target maps
 * them to its own metric system (the Terraform target to CloudWatch namespaces and dimensions).
 */
export const METRIC_CATALOGUE = {
  function: ['errors', 'throttles', 'duration', 'invocations', 'concurrent-executions'],
  database: ['cpu', 'cpu-credit-balance', 'free-storage', 'freeable-memory', 'connections', 'read-latency', 'write-latency'],
  cache: ['cpu', 'memory', 'evictions', 'connections'],
  queue: ['depth', 'age', 'dead-letters'],
  table: ['read-throttles', 'write-throttles', 'errors'],
} as const;

export type MetricSourceKind = keyof typeof METRIC_CATALOGUE;

/** Kinds whose logs a `log:` alarm can watch. */
export const LOG_SOURCE_KINDS = ['service', 'function'] as const;
