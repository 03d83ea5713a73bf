/**
 * Templates placed in a region. `${env.region}` stays in a `Template` as `{ env: 'region' }`
 * because one environment spans several regions; a target calls `templateInRegion` where it knows
 * the region of the output it writes (Terraform's stack, Kubernetes' region folder, the
 * serverless file's region, compose's local region).
 */
import type { EntityKind, Template, TemplatePart } from './types.ts';

/** A reference to another entity's attribute, `${kind.name.attribute}`. */
export type TemplateReference = Extract<TemplatePart, { kind: EntityKind }>;

/** A template placed in a region: literals and references only. */
export interface RegionalTemplate extends Template {
  parts: Array<{ literal: string } | TemplateReference>;
}

/** The template with `${env.region}` replaced by `region` (adjacent literals joined, `text` rendered again). */
export function templateInRegion(template: Template, region: string): RegionalTemplate {
  const parts: RegionalTemplate['parts'] = [];
  for (const part of template.parts) {
    if ('kind' in part) {
      parts.push(part);
      continue;
    }
    const literal = 'env' in part ? region : part.literal;
    const last = parts[parts.length - 1];
    if (last && 'literal' in last) parts[parts.length - 1] = { literal: last.literal + literal };
    else if (literal) parts.push({ literal });
  }
  return { text: templateText(parts), parts };
}

/** The text of template parts, references as written (`${kind.name.attribute}`, `${env.region}`). */
export function templateText(parts: readonly TemplatePart[]): string {
  return parts.map((part) => ('literal' in part ? part.literal : 'env' in part ? '${env.region}' : `\${${part.kind}.${part.name}.${part.attribute}}`)).join('');
}

/** The references of a template to other entities, in order. */
export function templateReferences(template: Template): TemplateReference[] {
  return template.parts.filter((part): part is TemplateReference => 'kind' in part);
}
