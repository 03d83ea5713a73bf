/** One environment over several regions: each region's VPC its own range, pods allowed to exactly those. */
import { describe, expect, it } from 'vitest';
import { regionCidr } from '../../../compiler/model/wiring.ts';
import { compileInline as compileKubernetes, documents, fileTree } from '../kubernetes/compile.ts';
import { compileInline } from './compile-inline.ts';

const SYSTEM = `infragen: 1
system: shop
environments:
  prod: { regions: [us-east-1, eu-west-1, ap-south-1], account: "123456789012", kubernetes: { cluster: shop, namespace: shop } }
network: { cidr: 10.40.0.0/16, zones: 2 }
databases:
  db: { engine: postgres, version: "16.3", class: db.t3.micro, regions: [us-east-1, eu-west-1] }
services:
  api: { image: shop/api:1.0, ports: { http: 8080 }, env: { DB_HOST: "\${database.db.host}" }, uses: [database.db], regions: all }
`;

describe('region networks', () => {
  it('gives each region the next block of the same size', () => {
    expect([0, 1, 2].map((index) => regionCidr('10.40.0.0/16', index))).toEqual(['10.40.0.0/16', '10.41.0.0/16', '10.42.0.0/16']);
    expect(regionCidr('172.16.4.0/22', 1)).toBe('172.16.8.0/22');
  });

  it('puts each region of an environment in its own VPC range, subnets inside it', async () => {
    const { stacks } = await compileInline(SYSTEM);
    const vpc = (region: string) => stacks[`prod/${region}/main.tf.json`].resource.aws_vpc.main.cidr_block;
    expect([vpc('us-east-1'), vpc('eu-west-1')]).toEqual(['10.40.0.0/16', '10.41.0.0/16']);
    const subnets = Object.values(stacks['prod/eu-west-1/main.tf.json'].resource.aws_subnet).map((subnet: any) => subnet.cidr_block);
    expect(subnets.every((cidr: string) => cidr.startsWith('10.41.'))).toBe(true);
  });

  it('lets pods reach the database in the ranges of the regions it is placed in, and no other', async () => {
    const files = fileTree(await compileKubernetes(SYSTEM));
    const policy = documents(files.get('prod/ap-south-1/shop/api.yaml')!).find((doc) => doc.kind === 'NetworkPolicy' && doc.metadata.name === 'api')!;
    const toDatabase = policy.spec.egress.find((rule: any) => rule.ports.some((port: any) => port.port === 5432));
    expect(toDatabase.to).toEqual([{ ipBlock: { cidr: '10.40.0.0/16' } }, { ipBlock: { cidr: '10.41.0.0/16' } }]);
  });
});
