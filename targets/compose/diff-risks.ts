/** Risk rules for docker-compose files, one row per rule. */
import type { DiffObject, RiskRule, RuleFinding } from '../../compiler/plugin-api.ts';
import { asList, difference, isPlainObject } from '../../compiler/plugin-api.ts';

/** Published ports that are reachable from other machines (not bound to loopback). */
function publishedPorts(object: DiffObject | undefined): Set<string> {
  const published = new Set<string>();
  const ports = isPlainObject(object?.value) ? object.value.ports : undefined;
  for (const port of asList(ports)) {
    if (typeof port === 'string' || typeof port === 'number') {
      const text = String(port);
      const parts = text.split(':');
      if (parts.length < 2) continue; // "8080": an ephemeral host port, still published
      if (parts.length === 3 && /^(127\.|localhost|\[?::1\]?)/.test(parts[0]!)) continue;
      published.add(text);
    } else if (isPlainObject(port) && port.published !== undefined) {
      if (typeof port.host_ip === 'string' && /^(127\.|::1$|localhost)/.test(port.host_ip)) continue;
      published.add(`${String(port.published)}:${String(port.target)}${port.protocol ? `/${String(port.protocol)}` : ''}`);
    }
  }
  return published;
}

export const COMPOSE_RISKS: readonly RiskRule[] = [
  {
    id: 'compose/volume-delete',
    category: 'data-loss',
    on: ['removed', 'replaced'],
    types: ['volume'],
    check: ({ kind, before }) => `${kind === 'replaced' ? 'renaming' : 'removing'} the named volume ${before!.id.replace(/^volumes\./, '')} leaves its data behind; \`docker compose down -v\` deletes it`,
  },
  {
    id: 'compose/published-port',
    category: 'security',
    on: ['added', 'changed', 'replaced'],
    types: ['service'],
    check: ({ before, after }) =>
      difference(publishedPorts(after), publishedPorts(before)).map((port) => ({ field: 'ports', message: `publishes port ${port} on every host interface` })),
  },
  {
    id: 'compose/host-access',
    category: 'security',
    on: ['added', 'changed', 'replaced'],
    types: ['service'],
    check: ({ before, after }) => {
      const value = isPlainObject(after!.value) ? after!.value : {};
      const old = isPlainObject(before?.value) ? before!.value : {};
      const findings: RuleFinding[] = [];
      if (value.privileged === true && old.privileged !== true) findings.push({ field: 'privileged', message: 'runs privileged' });
      if (value.network_mode === 'host' && old.network_mode !== 'host') findings.push({ field: 'network_mode', message: 'uses the host network' });
      return findings;
    },
  },
];
