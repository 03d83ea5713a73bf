/**
 * `expr` alarms locally: a Prometheus rules file and a Prometheus service evaluating it, scraping
 * every service that declares `metrics`. Alert delivery (notifications) is left to the cloud
 * targets: there is no Alertmanager in the local stack; firing alerts show in Prometheus' UI.
 */
import type { Alarm, ResolvedSystem } from '../../compiler/plugin-api.ts';
import { toStableYaml, durationText } from '../../compiler/plugin-api.ts';

const PROMETHEUS_IMAGE = 'prom/prometheus:v2.53.2';
export const PROMETHEUS_PORT = 9090;
const RULES_TARGET = '/etc/prometheus/rules.yml';
const CONFIG_TARGET = '/etc/prometheus/infragen.yml';
const PROMETHEUS_CONFIG = 'prometheus-config';

export function exprAlarms(system: ResolvedSystem): Alarm[] {
  return Object.values(system.alarms).filter((alarm) => alarm.source.type === 'expr');
}

export function rulesFile(systemName: string, alarms: Alarm[]): string {
  const rules = alarms.map((alarm) => ({
    alert: alarm.name,
    expr: alarm.source.type === 'expr' ? alarm.source.expr : '',
    ...(alarm.forSeconds ? { for: durationText(alarm.forSeconds) } : {}),
    labels: { severity: alarm.severity, system: systemName },
    annotations: { summary: alarm.description ?? `Alarm ${alarm.name} of ${systemName}`, ...(alarm.notify.length ? { notify: alarm.notify.map((n) => n.name).join(', ') } : {}) },
  }));
  return toStableYaml({ groups: [{ name: systemName, rules }] });
}

/** Prometheus' own configuration, inlined in the compose file (a separate YAML file would look like a Kubernetes manifest to tools that classify by extension). */
function config(system: ResolvedSystem): string {
  const scrape = Object.values(system.services)
    .filter((service) => service.metrics)
    .map((service) => ({
      job_name: service.name,
      metrics_path: service.metrics!.path,
      // Every replica: the service name resolves to all of them on the compose network.
      dns_sd_configs: [{ names: [service.name], type: 'A', port: service.metrics!.port }],
    }));
  return toStableYaml({
    global: { evaluation_interval: '30s', scrape_interval: '30s' },
    rule_files: [RULES_TARGET],
    ...(scrape.length ? { scrape_configs: scrape } : {}),
  });
}

export function prometheusConfigs(system: ResolvedSystem): Record<string, unknown> {
  return { [PROMETHEUS_CONFIG]: { content: config(system) } };
}

/** The Prometheus service; `rulesPath` is the rules file relative to the compose file. */
export function prometheusService(rulesPath: string): Record<string, unknown> {
  return {
    image: PROMETHEUS_IMAGE,
    command: [`--config.file=${CONFIG_TARGET}`, '--storage.tsdb.path=/prometheus', '--storage.tsdb.retention.time=2d'],
    configs: [{ source: PROMETHEUS_CONFIG, target: CONFIG_TARGET }],
    volumes: [
      { type: 'bind', source: `./${rulesPath}`, target: RULES_TARGET, read_only: true },
      { type: 'volume', source: 'prometheus-data', target: '/prometheus' },
    ],
    healthcheck: {
      test: ['CMD', 'wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${PROMETHEUS_PORT}/-/ready`],
      interval: '10s',
      timeout: '5s',
      retries: 5,
    },
    cap_drop: ['ALL'],
    security_opt: ['no-new-privileges:true'],
  };
}
