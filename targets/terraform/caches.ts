/**
 * ElastiCache replication groups (Redis or Valkey): private subnets, a security group that admits
 * only the workloads that use the cache, encryption at rest and in transit (clients use `rediss://`).
 */
import { ElasticacheReplicationGroup, ElasticacheSubnetGroup } from './aws.ts';
import type { Cache } from '../../compiler/plugin-api.ts';
import { NAME_LIMITS, tfId } from './names.ts';
import type { NetworkRefs } from './network.ts';
import type { NetworkClients } from './security-groups.ts';
import type { RegionStack } from './stack.ts';
import { attributeOf } from './tokens.ts';

/** Replication group id: `<system>-<env>-<name>`, at most 40 characters. */
export const cacheGroupId = (rs: RegionStack, cache: Cache) => rs.name(cache.name, NAME_LIMITS.cacheReplicationGroup);

export function buildCache(rs: RegionStack, cache: Cache, network: NetworkRefs, clients: NetworkClients): void {
  const id = tfId(cache.name);
  const groupId = cacheGroupId(rs, cache);
  const subnets = rs.add(ElasticacheSubnetGroup, id, { name: groupId, description: `Private subnets of ${cache.name}`, subnetIds: network.privateSubnetIds });
  const group = clients.dataStoreGroup({ kind: 'cache', name: cache.name, port: cache.port }, `ElastiCache ${cache.name}: port ${cache.port} for its users only`);

  const replicated = cache.nodes > 1;
  const replicationGroup = rs.add(ElasticacheReplicationGroup, id, {
    replicationGroupId: groupId,
    description: `${cache.engine} ${cache.name}`,
    engine: cache.engine,
    engineVersion: cache.version,
    nodeType: cache.class,
    numCacheClusters: cache.nodes,
    port: cache.port,
    subnetGroupName: subnets.name,
    securityGroupIds: [group.id],
    atRestEncryptionEnabled: 'true',
    transitEncryptionEnabled: true,
    automaticFailoverEnabled: replicated,
    multiAzEnabled: replicated,
    snapshotRetentionLimit: rs.protect ? 7 : 0,
    ...(rs.protect ? { finalSnapshotIdentifier: `${groupId}-final`, lifecycle: { preventDestroy: true } } : {}),
  });

  rs.publish('cache', cache.name, 'host', attributeOf(replicationGroup, 'primaryEndpointAddress'));
  rs.publish('cache', cache.name, 'port', String(cache.port));
  rs.publish('cache', cache.name, 'url', `rediss://${attributeOf(replicationGroup, 'primaryEndpointAddress')}:${cache.port}`);
  rs.use(cache);
}
