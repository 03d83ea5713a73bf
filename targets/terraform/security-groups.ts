/**
 * Security groups of the clients of databases, caches and search clusters: when the environment
 * names its EKS cluster, the cluster's security group (pods reach data stores through it; their
 * network policies narrow that to the users); otherwise one per Kubernetes workload that uses a
 * data store in the region, to attach with security groups for pods (its id is published as
 * `/<system>/<env>/<kind>/<name>/security-group-id`); and one shared by the `vpc: true` functions
 * (published as `/<system>/<env>/network/vpc/lambda-security-group-id`). A data store's group
 * admits exactly its users, on its port.
 */
import { SecurityGroup, VpcSecurityGroupEgressRule, VpcSecurityGroupIngressRule } from './aws.ts';
import type { EntityRef, FunctionDef } from '../../compiler/plugin-api.ts';
import { joined, networkParameterName, refString } from '../../compiler/plugin-api.ts';
import { NAME_LIMITS, tfId } from './names.ts';
import type { NetworkRefs } from './network.ts';
import type { RegionStack } from './stack.ts';
import { attributeOf } from './tokens.ts';
import { kubernetesWorkloads, reachedEntities, type Workload } from './workloads.ts';

export interface DataStoreRef {
  kind: 'database' | 'cache' | 'search';
  name: string;
  port: number;
}

/** `kind.name` → the clients in the region that reach it, in their order: one pass instead of one per data store. */
function clientsByStore<T>(clients: readonly T[], reached: (client: T) => readonly EntityRef[]): Map<string, T[]> {
  const index = new Map<string, T[]>();
  for (const client of clients) {
    for (const key of new Set(reached(client).map(refString))) {
      let list = index.get(key);
      if (!list) index.set(key, (list = []));
      list.push(client);
    }
  }
  return index;
}

export class NetworkClients {
  private readonly workloadGroups = new Map<string, SecurityGroup>();
  private lambdaGroup?: SecurityGroup;
  private clusterChecked = false;
  private clients?: { workloads: Map<string, Workload[]>; functions: Map<string, FunctionDef[]> };

  /** `functions`: the region's `vpc: true` functions. */
  constructor(
    private readonly rs: RegionStack,
    private readonly network: NetworkRefs,
    private readonly functions: readonly FunctionDef[],
  ) {}

  /** A security group of its own, inside the VPC. */
  private securityGroup(id: string, name: string, description: string): SecurityGroup {
    const groupName = this.rs.name(name, NAME_LIMITS.securityGroup);
    return this.rs.add(SecurityGroup, id, { name: groupName, description, vpcId: this.network.vpcId, tags: { Name: groupName } });
  }

  private workloadGroup(workload: Workload): SecurityGroup {
    const id = tfId(workload.kind, workload.name);
    let group = this.workloadGroups.get(id);
    if (!group) {
      group = this.rs.owned(workload.source, () => {
        const created = this.securityGroup(id, `${workload.kind}-${workload.name}`, `Pods of ${workload.kind} ${workload.name}`);
        // Pods need DNS, their peers and AWS APIs; what they may reach is limited on the receiving side.
        this.rs.add(VpcSecurityGroupEgressRule, `${id}_all`, { securityGroupId: attributeOf(created, 'id'), ipProtocol: '-1', cidrIpv4: '0.0.0.0/0', description: 'All outbound traffic' });
        this.rs.publish(workload.kind, workload.name, 'security-group-id', attributeOf(created, 'id'));
        return created;
      });
      this.rs.use(workload.source);
      this.workloadGroups.set(id, group);
    }
    return group;
  }

  private functionGroup(): SecurityGroup {
    this.lambdaGroup ??= this.rs.owned(undefined, () => this.createFunctionGroup());
    return this.lambdaGroup;
  }

  /** The group every `vpc: true` function shares: the network's, no one entity's. */
  private createFunctionGroup(): SecurityGroup {
    const group = this.securityGroup('lambda', 'lambda', 'Lambda functions with vpc: true');
    // AWS APIs over HTTPS (through NAT); data stores get their own rules below.
    this.rs.add(VpcSecurityGroupEgressRule, 'lambda_https', { securityGroupId: attributeOf(group, 'id'), ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: '0.0.0.0/0', description: 'HTTPS to AWS APIs' });
    this.rs.publishAt(networkParameterName(this.rs.system, this.rs.envName, 'lambda-security-group-id'), 'network_lambda_security_group_id', attributeOf(group, 'id'));
    this.rs.publishAt(networkParameterName(this.rs.system, this.rs.envName, 'private-subnet-ids'), 'network_private_subnet_ids', this.network.privateSubnetIds.join(','), 'StringList');
    return group;
  }

  /**
   * The pods of a named cluster reach a data store through the cluster's security group (EKS puts
   * it on every node and on pods without security groups of their own); the workloads' network
   * policies narrow that to the users of the store (docs/deploy.md#network). The cluster must be in
   * this VPC, or the rule admits nothing: the data source fails the plan when it is not.
   */
  private admitCluster(store: DataStoreRef, storeGroupId: string, workloads: readonly Workload[]): void {
    const cluster = this.rs.clusterData(this.rs.region);
    const vpc = this.rs.resolved.network.mode === 'managed' ? 'aws_vpc.main.id' : JSON.stringify(this.network.vpcId);
    const self = `data.aws_eks_cluster.${cluster.friendlyUniqueId}`;
    if (!this.clusterChecked) {
      cluster.addOverride('lifecycle.postcondition', [
        {
          condition: `\${self.vpc_config[0].vpc_id == ${vpc}}`,
          error_message: `EKS cluster ${this.rs.kubernetes.cluster} is not in the VPC of ${this.rs.system}/${this.rs.envName} in ${this.rs.region}: its pods could not reach the databases and caches (docs/deploy.md#network)`,
        },
      ]);
      this.clusterChecked = true;
    }
    const storeId = tfId(store.kind, store.name);
    this.rs.add(VpcSecurityGroupIngressRule, `${storeId}_from_cluster`, {
      securityGroupId: storeGroupId,
      referencedSecurityGroupId: `\${${self}.vpc_config[0].cluster_security_group_id}`,
      ipProtocol: 'tcp',
      fromPort: store.port,
      toPort: store.port,
      description: `Pods of cluster ${this.rs.kubernetes.cluster}; network policies admit ${workloads.map((workload) => `${workload.kind} ${workload.name}`).join(', ')}`,
    });
  }

  /** Publishes the network parameters when the region has `vpc: true` functions, even if they use no data store. */
  prepareFunctions(): void {
    if (this.functions.length > 0) this.functionGroup();
  }

  /**
   * The security group of data store `store`, open on its port to each workload and `vpc: true`
   * function in the region that uses it.
   */
  dataStoreGroup(store: DataStoreRef, description: string): SecurityGroup {
    const storeId = tfId(store.kind, store.name);
    const storeGroup = this.securityGroup(storeId, `${store.kind}-${store.name}`, description);
    this.clients ??= {
      workloads: clientsByStore(kubernetesWorkloads(this.rs.resolved, this.rs.kubernetes.namespace).filter((workload) => workload.container.regions.includes(this.rs.region)), (workload) => reachedEntities(workload.container)),
      functions: clientsByStore(this.functions, reachedEntities),
    };
    const storeGroupId = attributeOf(storeGroup, 'id');
    const workloads = this.clients.workloads.get(refString(store)) ?? [];
    const throughCluster = workloads.length > 0 && this.rs.kubernetes.cluster !== undefined;
    if (throughCluster) this.admitCluster(store, storeGroupId, workloads);
    for (const workload of throughCluster ? [] : workloads) {
      const client = this.workloadGroup(workload);
      this.rs.add(VpcSecurityGroupIngressRule, `${storeId}_from_${tfId(workload.kind, workload.name)}`, {
        securityGroupId: storeGroupId,
        referencedSecurityGroupId: attributeOf(client, 'id'),
        ipProtocol: 'tcp',
        fromPort: store.port,
        toPort: store.port,
        description: `${workload.kind} ${workload.name}`,
      });
    }
    const functions = this.clients.functions.get(refString(store)) ?? [];
    if (functions.length > 0) {
      const lambdaGroupId = attributeOf(this.functionGroup(), 'id');
      const functionNames = joined(functions.map((fn) => fn.name), ', ');
      this.rs.add(VpcSecurityGroupIngressRule, `${storeId}_from_lambda`, { securityGroupId: storeGroupId, referencedSecurityGroupId: lambdaGroupId, ipProtocol: 'tcp', fromPort: store.port, toPort: store.port, description: `Functions ${functionNames}` });
      this.rs.add(VpcSecurityGroupEgressRule, `lambda_to_${storeId}`, { securityGroupId: lambdaGroupId, referencedSecurityGroupId: storeGroupId, ipProtocol: 'tcp', fromPort: store.port, toPort: store.port, description: `${store.kind} ${store.name}` });
    }
    return storeGroup;
  }
}
