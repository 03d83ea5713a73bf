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
 * The ranges served so far, indexed by port, so that finding what a range overlaps costs its
 * length rather than the number of ranges (a thousand services made the list scan quadratic).
 * Two ranges overlap when `a.start <= b.end && b.start <= a.end`; a claim with no replicas has the
 * empty range `{ start: p, end: p - 1 }`, which by that rule overlaps a range holding both p - 1
 * and p, and never another empty one.
 */
class TakenPorts {
  /** Per port, 1 + the index in `ranges` of the range holding it; 0 when free. */
  private readonly holder = new Int32Array(MAX_PORT + 2);
  /** Per port p, whether the empty range starting at p is taken. */
  private readonly emptyAt = new Uint8Array(MAX_PORT + 2);
  private readonly ranges: HostRange[] = [];

  /** The end of a taken range that overlaps `range`, or undefined when none does. */
  overlappingEnd(range: HostRange): number | undefined {
    if (range.end < range.start) {
      const holder = this.holder[range.start - 1]!;
      return holder !== 0 && holder === this.holder[range.start] ? this.ranges[holder - 1]!.end : undefined;
    }
    for (let port = range.end; port >= range.start; port--) {
      const holder = this.holder[port]!;
      if (holder !== 0) return this.ranges[holder - 1]!.end;
      if (port > range.start && this.emptyAt[port]) return port - 1;
    }
    return undefined;
  }

  take(range: HostRange): void {
    this.ranges.push(range);
    if (range.end < range.start) this.emptyAt[range.start] = 1;
    else this.holder.fill(this.ranges.length, range.start, range.end + 1);
  }
}

/**
 * Serves the claims in order. A claim no range up to port 65535 can hold is left out of the map
 * (the compose check reports it, so a build never meets one).
 */
export function allocateHostPorts(claims: PortClaim[]): Map<string, HostRange> {
  const taken = new TakenPorts();
  const result = new Map<string, HostRange>();
  const moved: PortClaim[] = [];
  // First every claim that can have its own container port, then the rest above theirs.
  for (const claim of claims) {
    const wanted = { start: claim.port, end: claim.port + claim.count - 1 };
    if (wanted.end > MAX_PORT || taken.overlappingEnd(wanted) !== undefined) moved.push(claim);
    else {
      taken.take(wanted);
      result.set(claim.key, wanted);
    }
  }
  for (const claim of moved) {
    // Every start up to the end of an overlapping range overlaps it too: skip past that range.
    let start = claim.port + 1;
    let end: number | undefined;
    while (start + claim.count - 1 <= MAX_PORT && (end = taken.overlappingEnd({ start, end: start + claim.count - 1 })) !== undefined) start = end + 1;
    const range = { start, end: start + claim.count - 1 };
    if (range.end > MAX_PORT) continue;
    taken.take(range);
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
