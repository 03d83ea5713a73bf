/**
 * Where a workload's pods may connect to, on top of the namespace's DNS allowance (the rule is
 * documented in docs/security.md):
 * - the services it uses, depends on or interpolates: their pods, on their declared ports;
 * - the testnets it interpolates (`${testnet.t.port}`): the testnet's pods on that port, and
 *   private addresses on it when the testnet spans regions (seeds behind internal load balancers);
 * - the databases, caches and search clusters it uses or interpolates: their port, inside the
 *   system's network (the VPC's CIDR, or the private ranges for an adopted VPC, whose CIDR is not
 *   in the file);
 * - AWS APIs when it reaches a queue, topic, table, bucket, secret or function: HTTPS to anywhere,
 *   since service endpoints have no fixed addresses (VPC endpoints narrow this outside infragen);
 * - what it declares under `egress:` (nothing else reaches outside the system).
 */
import type { Container, EntityKind, EntityRef, ResolvedSystem } from '../../compiler/plugin-api.ts';
import { regionCidr } from '../../compiler/plugin-api.ts';
import { selectorLabels, TESTNET_LABEL, ENVIRONMENT_LABEL } from './labels.ts';
import {
  ANYWHERE_PEER,
  HTTPS_PORT,
  PRIVATE_NETWORK_PEERS,
  type EgressRule,
  type Peer,
  type PolicyPort,
} from './network-policies.ts';
import { protocolName } from './names.ts';
import type { EnvironmentScope } from './scope.ts';
import type { TestnetLayout } from './testnet-layout.ts';

const AWS_API_KINDS: ReadonlySet<EntityKind> = new Set(['queue', 'topic', 'table', 'bucket', 'secret', 'function']);

type Reached = Pick<EntityRef, 'kind' | 'name'> & { attribute?: string };

/** Everything a workload reaches: `uses`, `publishes`, `consumes`, `dependsOn` and its env references. */
function reachedBy(workload: Container & { dependsOn?: EntityRef[] }): Reached[] {
  const reached: Reached[] = [...workload.uses, ...workload.publishes, ...workload.consumes, ...(workload.dependsOn ?? [])];
  for (const template of Object.values(workload.env)) {
    for (const part of template.parts) if ('kind' in part) reached.push({ kind: part.kind, name: part.name, attribute: part.attribute });
  }
  return reached;
}

/** The pods of this system and environment picked by `podLabels`, in any of its namespaces. */
function systemPods(scope: EnvironmentScope, podLabels: Record<string, string>): Peer {
  return {
    namespaceSelector: { matchLabels: { 'app.kubernetes.io/part-of': scope.model.name, [ENVIRONMENT_LABEL]: scope.environment.name } },
    podSelector: { matchLabels: podLabels },
  };
}

/** The peers of each store of an environment, computed once (every workload that uses the store reaches the same). */
const storePeersByEnvironment = new WeakMap<ResolvedSystem, WeakMap<object, Peer[]>>();

/** Where a database or cache lives: the VPC range of each region it is placed in (each region has its own). */
function dataStorePeers(resolved: ResolvedSystem, store: { regions: string[] }): Peer[] {
  const { network } = resolved;
  if (network.mode !== 'managed') return PRIVATE_NETWORK_PEERS;
  let storePeers = storePeersByEnvironment.get(resolved);
  if (!storePeers) storePeersByEnvironment.set(resolved, (storePeers = new WeakMap()));
  let peers = storePeers.get(store);
  if (!peers) {
    const regions = resolved.environment!.regions;
    peers = store.regions.map((region) => ({ ipBlock: { cidr: regionCidr(network.cidr, regions.indexOf(region)) } }));
    storePeers.set(store, peers);
  }
  return peers;
}

/**
 * Per environment, the rule reaching each service's (or testnet port's) pods: built once and
 * shared, read-only, by every workload that reaches them.
 */
const podRulesByScope = new WeakMap<EnvironmentScope, Map<string, EgressRule>>();

function podRule(scope: EnvironmentScope, key: string, build: () => EgressRule): EgressRule {
  let rules = podRulesByScope.get(scope);
  if (!rules) podRulesByScope.set(scope, (rules = new Map()));
  let rule = rules.get(key);
  if (!rule) rules.set(key, (rule = build()));
  return rule;
}

const ANYWHERE: Peer[] = [ANYWHERE_PEER];

export function egressRules(scope: EnvironmentScope, testnets: ReadonlyMap<string, TestnetLayout>, workload: Container & { dependsOn?: EntityRef[] }): EgressRule[] {
  const { resolved } = scope;
  const rules: EgressRule[] = [];
  let awsApis = false;
  for (const ref of reachedBy(workload)) {
    if (ref.kind === 'service') {
      rules.push(
        podRule(scope, `service:${ref.name}`, () => {
          const service = resolved.services[ref.name];
          const identity = { system: scope.model.name, environment: scope.environment.name, name: ref.name, qualifiedName: ref.name };
          const ports = (service?.ports ?? []).flatMap((port) => port.protocols.map((protocol): PolicyPort => ({ port: port.port, protocol: protocolName(protocol) })));
          return { to: [systemPods(scope, selectorLabels(identity))], ports };
        }),
      );
    } else if (ref.kind === 'testnet') {
      const layout = testnets.get(ref.name);
      const rule = podRule(scope, `testnet:${ref.name}:${ref.attribute ?? ''}`, () => {
        const declared = layout?.testnet.ports.filter((port) => ref.attribute === undefined || port.name === ref.attribute) ?? [];
        const ports = declared.flatMap((port) => port.protocols.map((protocol): PolicyPort => ({ port: port.port, protocol: protocolName(protocol) })));
        return { to: [systemPods(scope, { [TESTNET_LABEL]: ref.name })], ports };
      });
      rules.push(rule);
      if (layout?.multiRegion) rules.push({ to: PRIVATE_NETWORK_PEERS, ports: rule.ports });
    } else if (ref.kind === 'database' || ref.kind === 'cache' || ref.kind === 'search') {
      const store = ref.kind === 'database' ? resolved.databases[ref.name] : ref.kind === 'cache' ? resolved.caches[ref.name] : resolved.search[ref.name];
      if (store) rules.push({ to: dataStorePeers(resolved, store), ports: [{ port: store.port, protocol: 'TCP' }] });
    } else if (AWS_API_KINDS.has(ref.kind)) {
      awsApis = true;
    }
  }
  if (awsApis) rules.push({ to: ANYWHERE, ports: [HTTPS_PORT] });
  for (const declared of workload.egress) rules.push({ to: [{ ipBlock: { cidr: declared.cidr } }], ports: [{ port: declared.port, protocol: protocolName(declared.protocol) }] });
  return mergeRules(rules);
}

/** The JSON of a destination list, once per list (the shared ones come back for every workload). */
const peerJson = new WeakMap<readonly Peer[], string>();

function destinationKey(to: readonly Peer[]): string {
  let json = peerJson.get(to);
  if (json === undefined) peerJson.set(to, (json = JSON.stringify(to)));
  return json;
}

/** Ports deduplicated and sorted by number, then protocol (most rules have one). */
function sortedPorts(ports: PolicyPort[]): PolicyPort[] {
  if (ports.length === 1) return ports;
  const unique = new Map(ports.map((port) => [`${String(port.port).padStart(5, '0')}/${port.protocol}`, port]));
  return [...unique.keys()].sort().map((key) => unique.get(key)!);
}

/**
 * One rule per destination, its ports deduplicated and sorted; rules sorted by their JSON: the same
 * input, the same bytes. Rules of distinct destinations differ within the destinations' JSON
 * (`{"to":[…],"ports":…}`, and no JSON list is the start of another), so they sort by that alone.
 */
function mergeRules(rules: EgressRule[]): EgressRule[] {
  const byPeer = new Map<string, EgressRule>();
  for (const rule of rules) {
    if (rule.ports.length === 0) continue;
    const peer = destinationKey(rule.to);
    const merged = byPeer.get(peer);
    if (!merged) byPeer.set(peer, { to: rule.to, ports: [...rule.ports] });
    else {
      merged.to = rule.to;
      merged.ports.push(...rule.ports);
    }
  }
  return [...byPeer.keys()].sort().map((peer) => {
    const merged = byPeer.get(peer)!;
    return { to: merged.to, ports: sortedPorts(merged.ports) };
  });
}
