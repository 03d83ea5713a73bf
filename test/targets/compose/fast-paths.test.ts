/**
 * The compose target's fast paths give what the plain rules they replace give: host ports as the
 * list scan served them, override files as the yaml library writes them.
 */
import { describe, expect, it } from 'vitest';
import { allocateHostPorts, type HostRange, type PortClaim } from '../../../targets/compose/host-ports.ts';
import { mulberry32 } from '../../helpers/random.ts';

/** The rule as first written: each claim checked against every range served before it. */
function listScanHostPorts(claims: PortClaim[]): Map<string, HostRange> {
  const taken: HostRange[] = [];
  const overlaps = (range: HostRange) => taken.some((other) => range.start <= other.end && other.start <= range.end);
  const result = new Map<string, HostRange>();
  const moved: PortClaim[] = [];
  for (const claim of claims) {
    const wanted = { start: claim.port, end: claim.port + claim.count - 1 };
    if (wanted.end > 65535 || overlaps(wanted)) moved.push(claim);
    else {
      taken.push(wanted);
      result.set(claim.key, wanted);
    }
  }
  for (const claim of moved) {
    let start = claim.port + 1;
    while (start + claim.count - 1 <= 65535 && overlaps({ start, end: start + claim.count - 1 })) start++;
    const range = { start, end: start + claim.count - 1 };
    if (range.end > 65535) continue;
    taken.push(range);
    result.set(claim.key, range);
  }
  return result;
}

describe('allocateHostPorts', () => {
  it('serves 500 random claim lists as the list scan does (crowded ports, no replicas, the top of the range)', () => {
    const next = mulberry32(14);
    const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!;
    for (let run = 0; run < 500; run++) {
      const claims = Array.from({ length: 1 + Math.floor(next() * 40) }, (_, index) => ({
        key: `s${index}/http`,
        port: pick([80, 81, 8080, 8081, 8082, 9090, 65530, 65534, 65535, 1 + Math.floor(next() * 65535)]),
        count: pick([0, 1, 1, 1, 2, 3, 5, 20]),
      }));
      expect([...allocateHostPorts(claims)], JSON.stringify(claims)).toEqual([...listScanHostPorts(claims)]);
    }
  });

  it('moves a claim past every range in its way', () => {
    const ranges = allocateHostPorts([
      { key: 'a/http', port: 8080, count: 2 },
      { key: 'b/http', port: 8082, count: 1 },
      { key: 'c/http', port: 8080, count: 3 },
      { key: 'd/http', port: 65535, count: 2 },
    ]);
    expect([...ranges]).toEqual([
      ['a/http', { start: 8080, end: 8081 }],
      ['b/http', { start: 8082, end: 8082 }],
      ['c/http', { start: 8083, end: 8085 }],
    ]);
  });
});
