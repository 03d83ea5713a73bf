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

export function allocateHostPorts(claims: PortClaim[]): Map<string, HostRange> {
  const taken: HostRange[] = [];
  const overlaps = (range: HostRange) => taken.some((other) => range.start <= other.end && other.start <= range.end);
  const result = new Map<string, HostRange>();
  const moved: PortClaim[] = [];
  // First every claim that can have its own container port, then the rest above theirs.
  for (const claim of claims) {
    const wanted = { start: claim.port, end: claim.port + claim.count - 1 };
    if (overlaps(wanted)) moved.push(claim);
    else {
      taken.push(wanted);
      result.set(claim.key, wanted);
    }
  }
  for (const claim of moved) {
    let start = claim.port + 1;
    while (overlaps({ start, end: start + claim.count - 1 })) start++;
    const range = { start, end: start + claim.count - 1 };
    if (range.end > 65535) throw new Error(`no free host port range for ${claim.key}`);
    taken.push(range);
    result.set(claim.key, range);
  }
  return result;
}

export function rangeText(range: HostRange): string {
  return range.start === range.end ? String(range.start) : `${range.start}-${range.end}`;
}
