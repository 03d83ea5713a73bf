/**
 * `expr` alarms as PrometheusRule objects, one file per alarm under `alarms/`: the alert carries
 * its severity, the system and environment, and one `notify_<channel>: "true"` label per
 * notification channel for Alertmanager routes to match.
 */
import type { Alarm } from '../../compiler/plugin-api.ts';
import { snakeCase, durationText } from '../../compiler/plugin-api.ts';
import type { Labels } from './labels.ts';
import type { KubeObject } from './synth.ts';

export function alarmRule(alarm: Alarm, expr: string, namespace: string, labels: Labels, system: string, environment: string): KubeObject {
  const alertLabels: Record<string, string> = { severity: alarm.severity, system, environment };
  for (const channel of alarm.notify) alertLabels[`notify_${snakeCase(channel.name)}`] = 'true';
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: alarm.name, namespace, labels },
    spec: {
      groups: [
        {
          name: alarm.name,
          rules: [
            {
              alert: alarm.name,
              expr,
              ...(alarm.forSeconds !== undefined ? { for: durationText(alarm.forSeconds) } : {}),
              labels: alertLabels,
              annotations: { summary: alarm.description ?? alarm.name, ...(alarm.description ? { description: alarm.description } : {}) },
            },
          ],
        },
      ],
    },
  };
}
