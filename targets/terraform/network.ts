/**
 * The VPC: a public and a private subnet per zone carved from the CIDR, an internet gateway, NAT
 * gateways per `nat` mode and route tables; or, for `network.existing`, the given ids. Emitted only
 * in regions where something needs it (databases, caches, `vpc: true` functions).
 */
import { DataAwsAvailabilityZones, DefaultSecurityGroup, Eip, InternetGateway, NatGateway, Route, RouteTable, RouteTableAssociation, Subnet, Vpc } from './aws.ts';
import { regionCidr } from '../../compiler/plugin-api.ts';
import type { RegionStack } from './stack.ts';
import { carveSubnets } from './subnets.ts';

export interface NetworkRefs {
  vpcId: string;
  privateSubnetIds: string[];
}

export function buildNetwork(rs: RegionStack): NetworkRefs {
  const network = rs.resolved.network;
  if (network.mode === 'existing') return { vpcId: network.vpcId, privateSubnetIds: [...network.privateSubnets] };

  const name = (suffix: string) => ({ Name: rs.name(suffix) });
  // each region of the environment its own range: network.cidr, then the next blocks
  const cidr = regionCidr(network.cidr, rs.env.regions.indexOf(rs.region));
  const vpc = rs.add(Vpc, 'main', { cidrBlock: cidr, enableDnsSupport: true, enableDnsHostnames: true, tags: name('vpc') });
  // The default security group of a new VPC allows all traffic between its members: close it.
  rs.add(DefaultSecurityGroup, 'main', { vpcId: vpc.id, tags: name('default') });
  const zones = rs.add(DataAwsAvailabilityZones, 'available', { state: 'available' });
  const gateway = rs.add(InternetGateway, 'main', { vpcId: vpc.id, tags: name('igw') });

  const publicRoutes = rs.add(RouteTable, 'public', { vpcId: vpc.id, tags: name('public') });
  rs.add(Route, 'public_internet', { routeTableId: publicRoutes.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: gateway.id });

  const subnets = carveSubnets(cidr, network.zones);
  const natGateways: string[] = [];
  const privateSubnetIds: string[] = [];
  for (const subnet of subnets) {
    const zone = `zone_${subnet.zone + 1}`;
    const availabilityZone = `\${data.aws_availability_zones.${zones.friendlyUniqueId}.names[${subnet.zone}]}`;
    const publicSubnet = rs.add(Subnet, `public_${zone}`, {
      vpcId: vpc.id,
      cidrBlock: subnet.public,
      availabilityZone,
      mapPublicIpOnLaunch: false,
      tags: name(`public-${subnet.zone + 1}`),
    });
    rs.add(RouteTableAssociation, `public_${zone}`, { subnetId: publicSubnet.id, routeTableId: publicRoutes.id });
    const privateSubnet = rs.add(Subnet, `private_${zone}`, {
      vpcId: vpc.id,
      cidrBlock: subnet.private,
      availabilityZone,
      tags: name(`private-${subnet.zone + 1}`),
    });
    privateSubnetIds.push(privateSubnet.id);

    if (network.nat === 'per-zone' || (network.nat === 'single' && subnet.zone === 0)) {
      const address = rs.add(Eip, `nat_${zone}`, { domain: 'vpc', tags: name(`nat-${subnet.zone + 1}`) });
      const nat = rs.add(NatGateway, zone, { allocationId: address.id, subnetId: publicSubnet.id, tags: name(`nat-${subnet.zone + 1}`), dependsOn: [gateway] });
      natGateways.push(nat.id);
    }
    const privateRoutes = rs.add(RouteTable, `private_${zone}`, { vpcId: vpc.id, tags: name(`private-${subnet.zone + 1}`) });
    rs.add(RouteTableAssociation, `private_${zone}`, { subnetId: privateSubnet.id, routeTableId: privateRoutes.id });
    // per-zone: each zone its own NAT; single: every zone through the first one; none: no way out.
    const natGatewayId = natGateways[network.nat === 'per-zone' ? subnet.zone : 0];
    if (natGatewayId) rs.add(Route, `private_${zone}_internet`, { routeTableId: privateRoutes.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId });
  }
  return { vpcId: vpc.id, privateSubnetIds };
}
