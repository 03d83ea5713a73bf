/** targets/kubernetes/env-wiring.ts: a template's parts in a region, taken as they are when nothing would change them. */
import { describe, expect, it } from 'vitest';
import { templateInRegion, templateText } from '../../../compiler/model/templates.ts';
import type { Template, TemplatePart } from '../../../compiler/model/types.ts';
import { partsInRegion } from '../../../targets/kubernetes/env-wiring.ts';

const template = (...parts: TemplatePart[]): Template => ({ text: templateText(parts), parts });
const secret: TemplatePart = { kind: 'secret', name: 'api-key', attribute: 'value' };
const url: TemplatePart = { kind: 'database', name: 'orders', attribute: 'url' };

describe('partsInRegion', () => {
  it.each([
    ['a literal', template({ literal: 'plain' })],
    ['references between literals', template({ literal: 'https://' }, url, { literal: '/x?key=' }, secret)],
    ['${env.region} between literals', template({ literal: 'bucket-' }, { env: 'region' }, { literal: '-logs' })],
    ['two adjacent literals', template({ literal: '{' }, { literal: '{x' }, secret)],
    ['an empty literal', template({ literal: '' }, url)],
    ['a reference, then adjacent literals', template(url, { literal: 'a' }, { literal: 'b' })],
  ])('%s: the parts templateInRegion gives', (_name, written) => {
    expect(partsInRegion(written, 'eu-west-1')).toEqual(templateInRegion(written, 'eu-west-1').parts);
  });

  it('returns the template’s own parts when nothing would change them', () => {
    const written = template({ literal: 'https://' }, url, { literal: '/x' });
    expect(partsInRegion(written, 'eu-west-1')).toBe(written.parts);
  });
});
