/**
 * RDS instances: in a subnet group on the private subnets, behind a security group that admits
 * only the workloads that use the database, encrypted, with the master password kept by AWS in
 * Secrets Manager (`manage_master_user_password`), never written anywhere.
 */
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance/index.js';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group/index.js';
import type { Database } from '../../compiler/model/types.ts';
import { databaseIdentifier as sharedIdentifier } from '../../compiler/model/wiring.ts';
import { tfId } from './names.ts';
import type { NetworkRefs } from './network.ts';
import type { NetworkClients } from './security-groups.ts';
import type { RegionStack } from './stack.ts';

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
    vpcSecurityGroupIds: [group.id],
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

  const scheme = database.engine === 'postgres' ? 'postgresql' : 'mysql';
  rs.publish('database', database.name, 'host', instance.address);
  rs.publish('database', database.name, 'port', String(database.port));
  rs.publish('database', database.name, 'name', database.dbName);
  rs.publish('database', database.name, 'user', database.user);
  // No password: clients read it from the secret RDS manages.
  rs.publish('database', database.name, 'url', `${scheme}://${database.user}@${instance.address}:${database.port}/${database.dbName}`);
  rs.publish('database', database.name, 'master-secret-arn', `\${aws_db_instance.${id}.master_user_secret[0].secret_arn}`);
  rs.use(database);
}
