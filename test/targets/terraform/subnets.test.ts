import { describe, expect, it } from 'vitest';
import { carveSubnets } from '../../../targets/terraform/subnets.ts';

describe('carveSubnets', () => {
  it('cuts a /16 into private then public /18s for two zones', () => {
    expect(carveSubnets('10.40.0.0/16', 2)).toEqual([
      { zone: 0, private: '10.40.0.0/18', public: '10.40.128.0/18' },
      { zone: 1, private: '10.40.64.0/18', public: '10.40.192.0/18' },
    ]);
  });

  it('rounds the subnet count up to a power of two and keeps blocks disjoint', () => {
    const subnets = carveSubnets('10.0.0.0/16', 3);
    expect(subnets.map((subnet) => subnet.private)).toEqual(['10.0.0.0/19', '10.0.32.0/19', '10.0.64.0/19']);
    expect(subnets.map((subnet) => subnet.public)).toEqual(['10.0.96.0/19', '10.0.128.0/19', '10.0.160.0/19']);
    const all = subnets.flatMap((subnet) => [subnet.private, subnet.public]);
    expect(new Set(all).size).toBe(6);
  });

  it('is deterministic and normalises host bits of the VPC block', () => {
    expect(carveSubnets('10.30.5.7/16', 2)).toEqual(carveSubnets('10.30.0.0/16', 2));
  });

  it('refuses blocks too small for AWS subnets and malformed input', () => {
    expect(() => carveSubnets('10.0.0.0/27', 2)).toThrow(/too small/);
    expect(() => carveSubnets('10.0.0/16', 2)).toThrow(/IPv4/);
    expect(() => carveSubnets('10.0.0.0/16', 0)).toThrow(/zones/);
  });
});
