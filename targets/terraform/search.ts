/**
 * OpenSearch Service domains: in the private subnets behind a security group that admits only the
 * workloads that use the cluster (HTTPS, 443), encrypted at rest and node to node, HTTPS enforced
 * (TLS 1.2), fine-grained access control with an IAM master user (the account), gp3 storage. More
 * than one data node spreads them over two availability zones. The domain's resource policy admits
 * the account's principals; which of them may call it is the IAM roles' business (`uses:` grants
 * `es:ESHttp*` on the domain), so requests are signed (SigV4).
 */
import { DataAwsIamPolicyDocument, OpensearchDomain } from './aws.ts';
import type { Search } from '../../compiler/plugin-api.ts';
import { NAME_LIMITS, tfId } from './names.ts';
import type { NetworkRefs } from './network.ts';
import type { NetworkClients } from './security-groups.ts';
import type { RegionStack } from './stack.ts';

/** Domain name: `<system>-<env>-<name>`, at most 28 characters (OpenSearch's limit). */
export const searchDomainName = (rs: RegionStack, search: Search) => rs.name(search.name, NAME_LIMITS.searchDomain);

/** The HTTP actions a workload that `uses:` a search cluster gets on its domain. */
export const SEARCH_HTTP = ['es:ESHttpDelete', 'es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPatch', 'es:ESHttpPost', 'es:ESHttpPut'];

export function buildSearch(rs: RegionStack, search: Search, network: NetworkRefs, clients: NetworkClients): void {
  const id = tfId(search.name);
  const domainName = searchDomainName(rs, search);
  const group = clients.dataStoreGroup({ kind: 'search', name: search.name, port: search.port }, `OpenSearch ${search.name}: HTTPS for its users only`);
  const zoneAware = search.nodes > 1;
  const domainArn = rs.arn('es', rs.region, `domain/${domainName}`);
  const policy = rs.add(DataAwsIamPolicyDocument, `search_${id}`, {
    statement: [{
      sid: 'AccountPrincipals',
      effect: 'Allow',
      principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${rs.account}:root`] }],
      actions: ['es:ESHttp*'],
      resources: [`${domainArn}/*`],
    }],
  });
  const domain = rs.add(OpensearchDomain, id, {
    domainName,
    engineVersion: `OpenSearch_${search.version}`,
    clusterConfig: {
      instanceType: search.class,
      instanceCount: search.nodes,
      zoneAwarenessEnabled: zoneAware,
      ...(zoneAware ? { zoneAwarenessConfig: { availabilityZoneCount: 2 } } : {}),
    },
    ebsOptions: { ebsEnabled: true, volumeType: 'gp3', volumeSize: search.storageGiB },
    // check() makes sure a zone-aware cluster has two private subnets.
    vpcOptions: { subnetIds: network.privateSubnetIds.slice(0, zoneAware ? 2 : 1), securityGroupIds: [group.id] },
    encryptAtRest: { enabled: true },
    nodeToNodeEncryption: { enabled: true },
    domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' },
    advancedSecurityOptions: {
      enabled: true,
      internalUserDatabaseEnabled: false,
      masterUserOptions: { masterUserArn: `arn:aws:iam::${rs.account}:root` },
    },
    accessPolicies: policy.json,
    ...(rs.protect ? { lifecycle: { preventDestroy: true } } : {}),
  });

  rs.publish('search', search.name, 'endpoint', `https://${domain.endpoint}`);
  rs.publish('search', search.name, 'arn', domain.arn);
  rs.use(search);
}
