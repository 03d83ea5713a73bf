/** Risk rules for docker-compose files, one row per rule. */
import { isPlainObject } from '../../data.ts';
import type { OutputObject, RiskRule, RuleFinding } from '../formats/format.ts';
import { asList, difference, literalSecretFindings } from './common.ts';

/** `environment` as a map, whichever of the two compose forms the file uses. */
function environment(object: OutputObject | undefined): Record<string, unknown> {
  const env = isPlainObject(object?.value) ? object.value.environment : undefined;
  if (isPlainObject(env)) return env;
  const map: Record<string, unknown> = {};
  for (const entry of asList(env)) {
    if (typeof entry !== 'string') continue;
    const at = entry.indexOf('=');
    if (at > 0) map[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return map;
}

/** Published ports that are reachable from other machines (not bound to loopback). */
function publishedPorts(object: OutputObject | undefined): Set<string> {
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

/** Env var names the base side read from compose secrets (`*_FILE` → /run/secrets, or the secret's name). */
function secretSourced(object: OutputObject | undefined): Set<string> {
  const names = new Set<string>();
  for (const [name, value] of Object.entries(environment(object))) {
    if (typeof value === 'string' && value.startsWith('/run/secrets/')) names.add(name.replace(/_FILE$/, ''));
  }
  const secrets = isPlainObject(object?.value) ? object.value.secrets : undefined;
  for (const secret of asList(secrets)) {
    const name = typeof secret === 'string' ? secret : isPlainObject(secret) ? String(secret.target ?? secret.source ?? '') : '';
    if (name) names.add(name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase());
  }
  return names;
}

export const COMPOSE_RULES: readonly RiskRule[] = [
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
  {
    id: 'compose/plain-secret',
    category: 'security',
    on: ['added', 'changed', 'replaced'],
    types: ['service'],
    check: ({ before, after }) => {
      const moved = new Set(difference(secretSourced(before), secretSourced(after)));
      return literalSecretFindings(environment(before), environment(after), moved, (name) => `environment.${name}`);
    },
  },
];
