/**
 * RDS instances: in a subnet group on the private subnets, behind a security group that admits
 * only the workloads that use the database, encrypted, with the master password kept by AWS in
 * Secrets Manager (`manage_master_user_password`), never written anywhere.
 *
 * Read replicas (`replicas:`) sit next to the copy of the database in their region; in a region
 * the database is not in they are cross-region replicas of its first copy, built in that region's
 * stack (whose provider is that region) with their own subnet group, security group and KMS key,
 * the source named by its ARN — so that stack is applied after the source region's.
 */
import { DbInstance, DbSubnetGroup, KmsKey } from './aws.ts';
import type { Database } from '../../compiler/plugin-api.ts';
import { databaseIdentifier as sharedIdentifier, fitName } from '../../compiler/plugin-api.ts';
import { NAME_LIMITS, tfId } from './names.ts';
import type { NetworkRefs } from './network.ts';
import type { NetworkClients } from './security-groups.ts';
import type { RegionStack } from './stack.ts';
import { attributeOf } from './tokens.ts';

/** RDS identifier: `<system>-<env>-<name>`, at most 63 characters (the IAM grants of the master secret name it too). */
export const databaseIdentifier = (rs: RegionStack, database: Database) => sharedIdentifier(rs.system, rs.envName, database.name);

export function buildDatabase(rs: RegionStack, database: Database, network: NetworkRefs, clients: NetworkClients): void {
  const id = tfId(database.name);
  const identifier = databaseIdentifier(rs, database);
  const subnets = rs.add(DbSubnetGroup, id, { name: identifier, description: `Private subnets of ${database.name}`, subnetIds: network.privateSubnetIds });
  const group = clients.dataStoreGroup({ kind: 'database', name: database.name, port: database.port }, `RDS ${database.name}: ${database.engine} port ${database.port} for its users only`);

  const instance = rs.add(DbInstance, id, {
    identifier,
    engine: database.engine,
    engineVersion: database.version,
    instanceClass: database.class,
    allocatedStorage: database.storageGiB,
    // check() holds storage to gp3's 20–65536 GiB.
    storageType: 'gp3',
    storageEncrypted: true,
    dbName: database.dbName,
    username: database.user,
    manageMasterUserPassword: true,
    port: database.port,
    dbSubnetGroupName: subnets.name,
    vpcSecurityGroupIds: [attributeOf(group, 'id')],
    publiclyAccessible: false,
    multiAz: database.highAvailability,
    backupRetentionPeriod: database.backup.retentionDays,
    ...(database.backup.window ? { backupWindow: database.backup.window } : {}),
    copyTagsToSnapshot: true,
    autoMinorVersionUpgrade: true,
    deletionProtection: rs.protect,
    skipFinalSnapshot: !rs.protect,
    ...(rs.protect ? { finalSnapshotIdentifier: `${identifier}-final`, lifecycle: { preventDestroy: true } } : {}),
  });

  const replicas = database.replicas?.regions.includes(rs.region)
    ? replicaInstances(rs, database, { replicateSourceDb: instance.identifier, vpcSecurityGroupIds: [attributeOf(group, 'id')] })
    : [];
  rs.publish('database', database.name, 'readerHost', replicas[0] ? attributeOf(replicas[0], 'address') : attributeOf(instance, 'address'));

  const scheme = database.engine === 'postgres' ? 'postgresql' : 'mysql';
  rs.publish('database', database.name, 'host', attributeOf(instance, 'address'));
  rs.publish('database', database.name, 'port', String(database.port));
  rs.publish('database', database.name, 'name', database.dbName);
  rs.publish('database', database.name, 'user', database.user);
  // No password: clients read it from the secret RDS manages.
  rs.publish('database', database.name, 'url', `${scheme}://${database.user}@${attributeOf(instance, 'address')}:${database.port}/${database.dbName}`);
  rs.publish('database', database.name, 'master-secret-arn', `\${aws_db_instance.${id}.master_user_secret[0].secret_arn}`);
  rs.use(database);
}

/** The databases with cross-region replicas in this stack's region (they are not placed here themselves). */
export function crossRegionReplicaSources(rs: RegionStack): Database[] {
  return Object.values(rs.resolved.databases).filter((database) => !database.regions.includes(rs.region) && database.replicas?.regions.includes(rs.region));
}

/**
 * The cross-region replicas of `database` in this stack's region. The source is the database's
 * first copy; an encrypted source needs a KMS key of the replica's region.
 */
export function buildCrossRegionReplicas(rs: RegionStack, database: Database, network: NetworkRefs, clients: NetworkClients): void {
  const id = tfId(database.name);
  const sourceRegion = database.regions[0]!;
  const subnets = rs.add(DbSubnetGroup, `${id}_replica`, { name: `${databaseIdentifier(rs, database)}-replica`, description: `Private subnets of the replicas of ${database.name}`, subnetIds: network.privateSubnetIds });
  const group = clients.dataStoreGroup({ kind: 'database', name: database.name, port: database.port }, `RDS replicas of ${database.name}: port ${database.port} for its users only`);
  const key = rs.add(KmsKey, `${id}_replica`, {
    description: `Storage of the ${rs.region} replicas of ${database.name}`,
    enableKeyRotation: true,
    deletionWindowInDays: rs.protect ? 30 : 7,
  });
  const replicas = replicaInstances(rs, database, {
    replicateSourceDb: rs.arn('rds', sourceRegion, `db:${databaseIdentifier(rs, database)}`),
    dbSubnetGroupName: subnets.name,
    kmsKeyId: key.arn,
    vpcSecurityGroupIds: [group.id],
  });
  rs.publish('database', database.name, 'readerHost', replicas[0]!.address);
  rs.use(database);
}

type ReplicaSource = Pick<NonNullable<ConstructorParameters<typeof DbInstance>[2]>, 'replicateSourceDb' | 'dbSubnetGroupName' | 'kmsKeyId' | 'vpcSecurityGroupIds'>;

/** `replicas.count` read replicas `<identifier>-replica-<n>`; engine, user and backups come from the source. */
function replicaInstances(rs: RegionStack, database: Database, source: ReplicaSource): DbInstance[] {
  const identifier = databaseIdentifier(rs, database);
  return Array.from({ length: database.replicas!.count }, (_, index) => {
    const replicaIdentifier = fitName(`${identifier}-replica-${index + 1}`, NAME_LIMITS.dbInstance);
    return rs.add(DbInstance, `${tfId(database.name)}_replica_${index + 1}`, {
      identifier: replicaIdentifier,
      ...source,
      instanceClass: database.class,
      storageType: 'gp3',
      storageEncrypted: true,
      port: database.port,
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      copyTagsToSnapshot: true,
      deletionProtection: rs.protect,
      // A replica has no snapshot of its own to keep: the source holds the data.
      skipFinalSnapshot: true,
      ...(rs.protect ? { lifecycle: { preventDestroy: true } } : {}),
    });
  });
}
