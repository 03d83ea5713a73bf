import { describe, expect, it } from 'vitest';
import { workloadRoleName as iamRoleName } from '../../../compiler/model/wiring.ts';
import { bucketName, cacheMemberIds, NAME_LIMITS, queueName, tfId } from '../../../targets/terraform/names.ts';

describe('names', () => {
  it('keeps names that fit and shortens long ones deterministically with a hash', () => {
    expect(iamRoleName('hathor-wallet', 'mainnet', 'daemon')).toBe('hathor-wallet-mainnet-daemon');
    const long = 'a-very-long-workload-name-that-goes-on-and-on-for-ever';
    const role = iamRoleName('a-long-system-name', 'production', long);
    expect(role.length).toBeLessThanOrEqual(NAME_LIMITS.iamRole);
    expect(role).toMatch(/^a-long-system-name-production-a-very-long.*-[0-9a-f]{6}$/);
    expect(iamRoleName('a-long-system-name', 'production', long)).toBe(role);
    expect(iamRoleName('a-long-system-name', 'production', `${long}-2`)).not.toBe(role);
  });

  it('counts the .fifo suffix against the SQS limit', () => {
    const name = queueName('system', 'env', 'q'.repeat(90), true);
    expect(name.endsWith('.fifo')).toBe(true);
    expect(name.length).toBeLessThanOrEqual(NAME_LIMITS.sqsQueue);
    expect(queueName('s', 'e', 'tx', false)).toBe('s-e-tx');
  });

  it('gives the copies of a bucket in further regions a region suffix', () => {
    const regions = ['us-east-1', 'eu-west-1'];
    expect(bucketName('s', 'prod', 'blobs', 'us-east-1', regions)).toBe('s-prod-blobs');
    expect(bucketName('s', 'prod', 'blobs', 'eu-west-1', regions)).toBe('s-prod-blobs-eu-west-1');
    expect(bucketName('s'.repeat(30), 'prod', 'b'.repeat(40), 'us-east-1', regions).length).toBeLessThanOrEqual(63);
  });

  it('derives Terraform identifiers and cache member ids', () => {
    expect(tfId('database', 'wallet-db', 'host')).toBe('database_wallet_db_host');
    expect(cacheMemberIds('x-cache', 2)).toEqual(['x-cache-001', 'x-cache-002']);
  });
});
