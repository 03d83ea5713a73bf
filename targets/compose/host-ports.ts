/**
 * Deterministic host ports for published container ports. Each claim wants a range as long as
 * its replica count, starting at the container port; claims are served in a fixed order (the
 * order given), those whose wanted range is taken move up to the next free range, so two services
 * on 8080 get 8080 and 8081 and nothing ever collides.
 */

export interface PortClaim {
  /** Stable identity, e.g. `api/http`. */
  key: string;
  port: number;
  count: number;
}

export interface HostRange {
  start: number;
  end: number;
}

/** The highest TCP/UDP port. */
const MAX_PORT = 65535;

/**
 * Serves the claims in order. A claim no range up to port 65535 can hold is left out of the map
 * (the compose check reports it, so a build never meets one).
 */
export function allocateHostPorts(claims: PortClaim[]): Map<string, HostRange> {
  const taken: HostRange[] = [];
  const overlaps = (range: HostRange) => taken.some((other) => range.start <= other.end && other.start <= range.end);
  const result = new Map<string, HostRange>();
  const moved: PortClaim[] = [];
  // First every claim that can have its own container port, then the rest above theirs.
  for (const claim of claims) {
    const wanted = { start: claim.port, end: claim.port + claim.count - 1 };
    if (wanted.end > MAX_PORT || overlaps(wanted)) moved.push(claim);
    else {
      taken.push(wanted);
      result.set(claim.key, wanted);
    }
  }
  for (const claim of moved) {
    let start = claim.port + 1;
    while (start + claim.count - 1 <= MAX_PORT && overlaps({ start, end: start + claim.count - 1 })) start++;
    const range = { start, end: start + claim.count - 1 };
    if (range.end > MAX_PORT) continue;
    taken.push(range);
    result.set(claim.key, range);
  }
  return result;
}

/** The range allocated to `key`; the compose check rejects systems where one is missing. */
export function allocatedRange(ranges: Map<string, HostRange>, key: string): HostRange {
  const range = ranges.get(key);
  if (!range) throw new Error(`no host port range for ${key} reached emit although check() rejects it`);
  return range;
}

export function rangeText(range: HostRange): string {
  return range.start === range.end ? String(range.start) : `${range.start}-${range.end}`;
}
