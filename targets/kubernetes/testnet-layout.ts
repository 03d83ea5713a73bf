/**
 * Where the nodes of a testnet run and how they find each other. Each node group is spread
 * round-robin over the testnet's regions on its own (node i of a group → region i mod n), so a
 * change of one group's count never moves the nodes of another. A worker pool runs as one
 * Deployment next to the first node of its coordinator group.
 */
import type { Environment, Port, Testnet, TestnetNode } from '../../compiler/plugin-api.ts';
import { testnetNamespace, testnetNodeNames } from '../../compiler/plugin-api.ts';
import { clusterHost } from './names.ts';

export interface PlacedNode {
  name: string;
  group: TestnetNode;
  region: string;
}

export interface PlacedWorkerPool {
  group: TestnetNode;
  region: string;
  /** The coordinator node the pool works for. */
  coordinator?: PlacedNode;
}

export interface TestnetLayout {
  testnet: Testnet;
  namespace: string;
  nodes: PlacedNode[];
  workerPools: PlacedWorkerPool[];
  seeds: PlacedNode[];
  /** Spread over more than one region: seeds also get an internal load balancer with a DNS name. */
  multiRegion: boolean;
}

export function layoutTestnet(testnet: Testnet, environmentNamespace: string): TestnetLayout {
  const nodes: PlacedNode[] = [];
  for (const group of testnet.nodes) {
    if (group.role === 'worker') continue;
    testnetNodeNames(group.name, group.count).forEach((name, index) => {
      nodes.push({ name, group, region: testnet.regions[index % testnet.regions.length]! });
    });
  }
  const workerPools = testnet.nodes
    .filter((group) => group.role === 'worker')
    .map((group): PlacedWorkerPool => {
      const coordinator = nodes.find((node) => node.group.name === group.coordinator);
      return { group, region: coordinator?.region ?? testnet.regions[0]!, ...(coordinator ? { coordinator } : {}) };
    });
  return {
    testnet,
    namespace: testnetNamespace(environmentNamespace, testnet.name),
    nodes,
    workerPools,
    seeds: nodes.filter((node) => node.group.role === 'seed'),
    multiRegion: new Set(testnet.regions).size > 1,
  };
}

/** The port peers talk on: the one named `p2p`, else the lowest-numbered. */
export function peerPort(testnet: Testnet): Port | undefined {
  return testnet.ports.find((port) => port.name === 'p2p') ?? testnet.ports[0];
}

/** Public DNS name of a node's public load balancer (external-dns). */
export const publicHost = (node: string, testnet: string, domain: string) => `${node}.${testnet}.${domain}`;
/** Private DNS name of a seed's internal load balancer (external-dns), for the other regions. */
export const internalHost = (node: string, testnet: string, domain: string) => `${node}.${testnet}.internal.${domain}`;

/**
 * The address of a seed as seen from `region`: its cluster DNS name when it runs there, else the
 * DNS name of its internal load balancer (undefined when the environment has no domain).
 */
export function seedHost(layout: TestnetLayout, seed: PlacedNode, region: string, environment: Environment): string | undefined {
  if (seed.region === region) return clusterHost(seed.name, layout.namespace);
  return environment.domain ? internalHost(seed.name, layout.testnet.name, environment.domain) : undefined;
}

/** The seed a consumer in `region` talks to: one in its own region when there is one, else the first. */
export function nearestSeed(layout: TestnetLayout, region: string): PlacedNode | undefined {
  return layout.seeds.find((seed) => seed.region === region) ?? layout.seeds[0];
}
