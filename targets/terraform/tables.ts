/** DynamoDB tables: keys, billing, TTL, point-in-time recovery and server-side encryption. */
import { DynamodbTable } from './aws.ts';
import type { KeyType, Table } from '../../compiler/plugin-api.ts';
import { tableName } from '../../compiler/plugin-api.ts';
import { tfId } from './names.ts';
import type { RegionStack } from './stack.ts';

const ATTRIBUTE_TYPES: Record<KeyType, string> = { string: 'S', number: 'N', binary: 'B' };

export const tableCloudName = (rs: RegionStack, table: Table) => tableName(rs.system, rs.envName, table.name);

export function buildTable(rs: RegionStack, table: Table): void {
  const keys = table.sortKey ? [table.partitionKey, table.sortKey] : [table.partitionKey];
  const provisioned = table.billing === 'provisioned';
  const resource = rs.add(DynamodbTable, tfId(table.name), {
    name: tableCloudName(rs, table),
    billingMode: provisioned ? 'PROVISIONED' : 'PAY_PER_REQUEST',
    ...(provisioned && table.capacity ? { readCapacity: table.capacity.read, writeCapacity: table.capacity.write } : {}),
    hashKey: table.partitionKey.name,
    ...(table.sortKey ? { rangeKey: table.sortKey.name } : {}),
    attribute: keys.map((key) => ({ name: key.name, type: ATTRIBUTE_TYPES[key.type] })),
    ...(table.ttl ? { ttl: { attributeName: table.ttl, enabled: true } } : {}),
    pointInTimeRecovery: { enabled: table.pointInTimeRecovery },
    serverSideEncryption: { enabled: true },
    deletionProtectionEnabled: rs.protect,
    ...(rs.protect ? { lifecycle: { preventDestroy: true } } : {}),
  });
  rs.publish('table', table.name, 'arn', resource.arn);
  rs.publish('table', table.name, 'name', resource.name);
  rs.use(table);
}
