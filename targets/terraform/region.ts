/**
 * What one environment × region stack holds: every entity whose `regions` include the region, the
 * VPC only where a database (or a replica of one), cache, search cluster or `vpc: true` function
 * needs it, the IAM roles (global) in the environment's first region, and the alarms placed there.
 */
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import { buildWorkloadRoles } from './access.ts';
import { buildAlarms } from './alarms.ts';
import { addBucketSenders, buildBucketNotifications, type BuiltBucket } from './bucket-notifications.ts';
import { buildBucket } from './buckets.ts';
import { buildCache } from './caches.ts';
import { buildCdn } from './cdn.ts';
import { buildCrossRegionReplicas, buildDatabase, crossRegionReplicaSources } from './databases.ts';
import { buildImageRepository } from './images.ts';
import { buildNetwork } from './network.ts';
import { QueueSenders } from './queue-policies.ts';
import { buildQueue } from './queues.ts';
import { buildSearch } from './search.ts';
import { buildSecret, buildTestnetKeys } from './secrets.ts';
import { NetworkClients } from './security-groups.ts';
import type { RegionStack } from './stack.ts';
import { buildTable } from './tables.ts';
import { buildTopics } from './topics.ts';
import { kubernetesWorkloads } from './workloads.ts';

export function buildRegion(rs: RegionStack): void {
  const system = rs.resolved;
  const here = <T extends { regions: string[] }>(entities: Record<string, T>): T[] => Object.values(entities).filter((entity) => entity.regions.includes(rs.region));

  for (const secret of here(system.secrets)) rs.owned(secret, () => buildSecret(rs, secret));
  for (const testnet of Object.values(system.testnets)) if (testnet.regions[0] === rs.region) rs.owned(testnet, () => buildTestnetKeys(rs, testnet));

  const databases = here(system.databases);
  const replicated = crossRegionReplicaSources(rs);
  const caches = here(system.caches);
  const searches = here(system.search);
  const vpcFunctions = here(system.functions).filter((fn) => fn.vpc);
  if (databases.length || replicated.length || caches.length || searches.length || vpcFunctions.length) {
    const network = rs.inSection('network', () => buildNetwork(rs));
    const clients = new NetworkClients(rs, network, vpcFunctions);
    clients.prepareFunctions();
    for (const database of databases) rs.owned(database, () => buildDatabase(rs, database, network, clients));
    for (const database of replicated) rs.owned(database, () => buildCrossRegionReplicas(rs, database, network, clients));
    for (const cache of caches) rs.owned(cache, () => buildCache(rs, cache, network, clients));
    for (const search of searches) rs.owned(search, () => buildSearch(rs, search, network, clients));
  }

  for (const table of here(system.tables)) rs.owned(table, () => buildTable(rs, table));
  const buckets: BuiltBucket[] = here(system.buckets).map((bucket) => ({ bucket, resource: rs.owned(bucket, () => buildBucket(rs, bucket)) }));
  const queues = new Map<string, SqsQueue>(here(system.queues).map((queue) => [queue.name, rs.owned(queue, () => buildQueue(rs, queue))]));
  const senders = new QueueSenders(rs, queues);
  const topics = buildTopics(rs, here(system.topics), queues, senders);
  addBucketSenders(buckets, senders);
  senders.build();
  buildBucketNotifications(rs, buckets, queues, topics, senders);
  for (const cdn of here(system.cdns)) rs.owned(cdn, () => buildCdn(rs, cdn));

  for (const workload of kubernetesWorkloads(system, rs.kubernetes.namespace)) {
    if (workload.container.build && workload.container.regions.includes(rs.region)) rs.owned(workload.source, () => buildImageRepository(rs, workload));
  }
  for (const testnet of here(system.testnets)) if (testnet.build) rs.owned(testnet, () => buildImageRepository(rs, { kind: 'testnet', name: testnet.name, source: testnet }));
  if (rs.primary) buildWorkloadRoles(rs);
  buildAlarms(rs);
}
