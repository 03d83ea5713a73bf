/**
 * Deterministic subnet carving: the VPC CIDR is cut into 2 × zones equal blocks, private subnets
 * first (zone order), then public ones. Computed here rather than with Terraform's cidrsubnet() so
 * the emitted files show the real ranges and a test can check them.
 */

export interface ZoneSubnets {
  zone: number;
  private: string;
  public: string;
}

function parseIpv4(address: string): number {
  const octets = address.split('.').map(Number);
  if (octets.length !== 4 || octets.some((octet) => !Number.isInteger(octet) || octet < 0 || octet > 255)) {
    throw new Error(`"${address}" is not an IPv4 address`);
  }
  return octets.reduce((value, octet) => value * 256 + octet, 0);
}

function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** Splits `cidr` into one private and one public subnet per zone, all the same size. */
export function carveSubnets(cidr: string, zones: number): ZoneSubnets[] {
  const [address, prefixText] = cidr.split('/');
  const prefix = Number(prefixText);
  if (!address || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) throw new Error(`"${cidr}" is not an IPv4 CIDR block`);
  if (!Number.isInteger(zones) || zones < 1) throw new Error(`zones must be a positive integer, got ${zones}`);
  const blockSize = 2 ** (32 - prefix);
  const start = parseIpv4(address);
  const base = start - (start % blockSize);
  const newBits = Math.ceil(Math.log2(zones * 2));
  const subnetPrefix = prefix + newBits;
  // AWS subnets are /16 to /28.
  if (subnetPrefix > 28) throw new Error(`${cidr} is too small for ${zones * 2} subnets (each would be /${subnetPrefix}; AWS allows up to /28)`);
  const subnetSize = 2 ** (32 - subnetPrefix);
  const block = (index: number) => `${formatIpv4(base + index * subnetSize)}/${subnetPrefix}`;
  return Array.from({ length: zones }, (_, zone) => ({ zone, private: block(zone), public: block(zones + zone) }));
}
