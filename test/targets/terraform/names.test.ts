import { describe, expect, it } from 'vitest';
import { serialize } from 'node:v8';
import { bucketName, queueName, workloadRoleName as iamRoleName } from '../../../compiler/model/wiring.ts';
import { joined } from '../../../compiler/serialize.ts';
import { cacheMemberIds, tfId } from '../../../targets/terraform/names.ts';

/** What AWS accepts: IAM role names, SQS queue names. */
const AWS_LIMITS = { iamRole: 64, sqsQueue: 80 };

describe('names', () => {
  it('keeps names that fit and shortens long ones deterministically with a hash', () => {
    expect(iamRoleName('hathor-wallet', 'mainnet', 'daemon')).toBe('hathor-wallet-mainnet-daemon');
    const long = 'a-very-long-workload-name-that-goes-on-and-on-for-ever';
    const role = iamRoleName('a-long-system-name', 'production', long);
    expect(role.length).toBeLessThanOrEqual(AWS_LIMITS.iamRole);
    expect(role).toMatch(/^a-long-system-name-production-a-very-long.*-[0-9a-f]{6}$/);
    expect(iamRoleName('a-long-system-name', 'production', long)).toBe(role);
    expect(iamRoleName('a-long-system-name', 'production', `${long}-2`)).not.toBe(role);
  });

  it('counts the .fifo suffix against the SQS limit', () => {
    const name = queueName('system', 'env', 'q'.repeat(90), true);
    expect(name.endsWith('.fifo')).toBe(true);
    expect(name.length).toBeLessThanOrEqual(AWS_LIMITS.sqsQueue);
    expect(queueName('s', 'e', 'tx', false)).toBe('s-e-tx');
  });

  it('gives the copies of a bucket in further regions a region suffix', () => {
    expect(bucketName('s', 'prod', 'blobs')).toBe('s-prod-blobs');
    expect(bucketName('s', 'prod', 'blobs', 'eu-west-1')).toBe('s-prod-blobs-eu-west-1');
    expect(bucketName('s'.repeat(30), 'prod', 'b'.repeat(40)).length).toBeLessThanOrEqual(63);
  });

  it('derives Terraform identifiers and cache member ids', () => {
    expect(tfId('database', 'wallet-db', 'host')).toBe('database_wallet_db_host');
    expect(cacheMemberIds('x-cache', 2)).toEqual(['x-cache-001', 'x-cache-002']);
  });

  it('joins names used as property keys into one-byte strings (Array#join gives two-byte ones)', () => {
    const isOneByte = (text: string) => serialize(text)[2] === '"'.charCodeAt(0);
    // a name made at run time, then used as a key: V8 internalizes it and leaves a thin string in its place
    const name = ['order', 'processor'].map((part) => part.slice(0)).reduce((text, part) => text + part);
    const holder: Record<string, number> = {};
    holder[name] = 1;
    expect(isOneByte(['service', name].join('_'))).toBe(false); // what this guards against, on this V8
    expect(tfId('service', name)).toBe('service_orderprocessor');
    expect(isOneByte(tfId('service', name))).toBe(true);
    expect(joined(['functions', name, 'x'], ', ')).toBe('functions, orderprocessor, x');
    expect(isOneByte(joined(['functions', name], ', '))).toBe(true);
    expect(joined([], '-')).toBe('');
  });
});
