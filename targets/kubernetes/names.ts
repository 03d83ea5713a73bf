/**
 * Kubernetes names and spellings derived from the model: in-cluster DNS names, container port
 * names (IANA service names, at most 15 characters), protocols and durations. Object names are the entity names
 * themselves (already DNS labels), so renaming a construct never renames or re-selects an object.
 */
import type { Protocol } from '../../compiler/plugin-api.ts';
import { fitName } from '../../compiler/plugin-api.ts';

/** The cluster-local DNS name of a Service. */
export function clusterHost(service: string, namespace: string): string {
  return `${service}.${namespace}.svc.cluster.local`;
}

/**
 * A container/Service port name: an IANA service name (lowercase letters, digits and single
 * hyphens, at most 15 characters). UDP twins of a TCP port get a `-udp` suffix so both can be
 * declared on one container and one Service.
 */
export function portName(name: string, protocol: Protocol, protocols: readonly Protocol[]): string {
  const base = protocols.length > 1 && protocol === 'udp' ? `${name}-udp` : name;
  const cleaned = base.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
  return fitName(cleaned, 15);
}

/** `TCP` / `UDP` as Kubernetes spells them. */
export const protocolName = (protocol: Protocol): 'TCP' | 'UDP' => (protocol === 'udp' ? 'UDP' : 'TCP');

/** A Prometheus/Kubernetes duration: the largest unit that divides the seconds evenly. */
