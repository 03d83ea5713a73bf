/**
 * Span lookups resume the previous walk where the two paths agree (compiler/load/source.ts): in any
 * order, each lookup must give what a walk from the root gives.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { spanInDocument, type DataPath, type SourceDocument } from '../../compiler/load/source.ts';

const source = (file: string, text: string): SourceDocument => ({ file, text, document: parseDocument(text) as SourceDocument['document'] });

const A = source('a.yaml', `services:
  api:
    image: shop/api
    ports: { http: 8080, admin: 9090 }
    uses: [database.main, queue.jobs]
    empty:
  worker:
    image: shop/worker
    uses:
      - queue.jobs
"1":
  "2": deep
`);
// another shape: a walk resumed in the wrong document finds other nodes at other offsets
const B = source('b.yaml', '# b\nother: 1\nservices:\n  api:\n    image: other-image\n    ports: { http: 1 }\n');

const PATHS: Array<[DataPath, 'key' | 'value']> = [
  [['services', 'api', 'image'], 'value'], [['services', 'api', 'ports', 'http'], 'key'], [['services', 'api', 'ports', 'admin'], 'value'],
  [['services', 'api', 'ports', 'none'], 'value'], [['services', 'api', 'uses', 1], 'value'], [['services', 'api', 'uses', 5], 'value'],
  [['services', 'api', 'uses', '1'], 'value'], [['services', 'api', 'empty'], 'value'], [['services', 'api', 'empty', 'below'], 'value'],
  [['services', 'worker'], 'key'], [['services', 'worker', 'uses', 0], 'value'], [['services', 'worker', 'image'], 'value'],
  [['services'], 'key'], [[], 'value'], [['missing', 'api', 'image'], 'value'], [[1, 2], 'value'], [['1', '2'], 'value'], [['services', 'api', 'nope'], 'value'],
];

/** A walk from the root: a lookup in the other document first, so that nothing is resumed. */
const fresh = (path: DataPath, part: 'key' | 'value') => {
  spanInDocument(B, ['services', 'api', 'image']);
  return spanInDocument(A, path, part);
};

describe('spanInDocument', () => {
  it('finds the same span whatever was looked up before', () => {
    const expected = PATHS.map(([path, part]) => fresh(path, part));
    expect(expected.filter(Boolean)).toHaveLength(PATHS.length);
    expect(expected[0]!.start).toEqual({ line: 3, column: 12, offset: 28 });
    for (const order of [PATHS.map((_, index) => index), PATHS.map((_, index) => PATHS.length - 1 - index), [11, 17, 0, 3, 5, 4, 6, 1, 12, 8, 7, 2, 16, 15, 10, 9, 13, 14]]) {
      for (const index of order) expect(spanInDocument(A, PATHS[index]![0], PATHS[index]![1]), JSON.stringify(PATHS[index])).toEqual(expected[index]);
    }
    expect(spanInDocument(B, ['services', 'api', 'image'])!.file).toBe('b.yaml');
  });

  it('finds the same span when lookups alternate between documents', () => {
    const expected = PATHS.map(([path, part]) => fresh(path, part));
    const inB = spanInDocument(B, ['services', 'api', 'image'])!;
    expect(inB.start).toEqual({ line: 5, column: 12, offset: 41 });
    for (const [index, [path, part]] of PATHS.entries()) {
      spanInDocument(B, path, part);
      expect(spanInDocument(A, path, part), JSON.stringify(path)).toEqual(expected[index]);
      expect(spanInDocument(B, ['services', 'api', 'image'])).toEqual(inB);
    }
  });
});
