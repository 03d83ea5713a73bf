/**
 * The clouds a system may name: the built-in catalogues plus those plugins contribute. Catalogue
 * patterns are regular expressions matched against the whole value; they are compiled once here.
 */
import { SIZE_PATTERN } from '../../schema/primitives.ts';
import { isPlainObject } from '../data.ts';
import { AWS_CATALOGUE } from './aws.ts';
import { CLASSED_KINDS, INSTANCE_SIZES, type ClassedKind, type CloudCatalogue } from './types.ts';

export const BUILTIN_CLOUDS: readonly CloudCatalogue[] = [AWS_CATALOGUE];

const CLOUD_ID = /^[a-z][a-z0-9-]*$/;
/** CPU as the language writes it: cores (`1`, `0.5`) or millicores (`250m`). */
const CPU = /^(\d+(\.\d+)?|\d+m)$/;
const whole = (pattern: string) => new RegExp(`^(?:${pattern})$`);

export class CloudCatalogues {
  private readonly byId: ReadonlyMap<string, CloudCatalogue>;
  private readonly patterns = new Map<string, RegExp>();

  constructor(catalogues: readonly CloudCatalogue[]) {
    this.byId = new Map(catalogues.map((catalogue) => [catalogue.id, catalogue]));
  }

  get ids(): string[] {
    return [...this.byId.keys()].sort();
  }

  get(id: string): CloudCatalogue | undefined {
    return this.byId.get(id);
  }

  private matches(pattern: string, value: string): boolean {
    let compiled = this.patterns.get(pattern);
    if (!compiled) this.patterns.set(pattern, (compiled = whole(pattern)));
    return compiled.test(value);
  }

  isAccount(cloud: CloudCatalogue, account: string): boolean {
    return this.matches(cloud.account.pattern, account);
  }

  isClass(cloud: CloudCatalogue, kind: ClassedKind, value: string): boolean {
    const classes = cloud.classes[kind];
    return classes !== undefined && this.matches(classes.pattern, value);
  }

  /** The other clouds a region belongs to (for "… is an AWS region" hints). */
  regionOwners(region: string, except: string): string[] {
    return this.ids.filter((id) => id !== except && this.byId.get(id)!.regions.includes(region));
  }

  /** The other clouds a class belongs to. */
  classOwners(kind: ClassedKind, value: string, except: string): string[] {
    return this.ids.filter((id) => id !== except && this.isClass(this.byId.get(id)!, kind, value));
  }
}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

function patternProblem(value: unknown, where: string): string | undefined {
  if (!isText(value)) return `${where} must be a regular expression (a string)`;
  try {
    whole(value);
  } catch (error) {
    return `${where} is not a valid regular expression: ${(error as Error).message}`;
  }
  return undefined;
}

function classesProblem(kind: string, value: unknown): string | undefined {
  const where = `classes.${kind}`;
  if (!(CLASSED_KINDS as readonly string[]).includes(kind)) return `${where}: kinds with classes are ${CLASSED_KINDS.join(', ')}`;
  if (!isPlainObject(value) || !isText(value.label) || !isText(value.example)) return `${where} needs a \`label\`, a \`pattern\`, an \`example\` and \`sizes\``;
  const bad = patternProblem(value.pattern, `${where}.pattern`);
  if (bad) return bad;
  if (!whole(value.pattern as string).test(value.example)) return `${where}.example "${value.example}" does not match its pattern`;
  const sizes = value.sizes;
  if (!isPlainObject(sizes)) return `${where}.sizes must map ${INSTANCE_SIZES.join(', ')} to classes`;
  for (const size of INSTANCE_SIZES) {
    if (!isText(sizes[size]) || !whole(value.pattern as string).test(sizes[size])) return `${where}.sizes.${size} must be a class that matches the pattern`;
  }
  return undefined;
}

/** Why `value` is not a usable cloud catalogue, or undefined when it is one. */
export function cloudCatalogueProblem(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'a cloud catalogue must be an object';
  if (!isText(value.id) || !CLOUD_ID.test(value.id)) return 'a cloud catalogue needs an `id` matching [a-z][a-z0-9-]*';
  const at = `cloud catalogue "${value.id}"`;
  if (!isText(value.description)) return `${at} has no \`description\``;
  if (!Array.isArray(value.regions) || value.regions.length === 0 || !value.regions.every(isText)) return `${at}: \`regions\` must be a non-empty list of region names`;
  if (!isText(value.defaultRegion) || !value.regions.includes(value.defaultRegion)) return `${at}: \`defaultRegion\` must be one of its regions`;
  const account = value.account;
  if (!isPlainObject(account) || !isText(account.label) || !isText(account.example)) return `${at}: \`account\` needs a \`label\`, a \`pattern\` and an \`example\``;
  const accountProblem = patternProblem(account.pattern, 'account.pattern');
  if (accountProblem) return `${at}: ${accountProblem}`;
  if (!isPlainObject(value.classes)) return `${at}: \`classes\` must be an object (empty when the cloud offers none)`;
  for (const [kind, classes] of Object.entries(value.classes)) {
    const problem = classesProblem(kind, classes);
    if (problem) return `${at}: ${problem}`;
  }
  if (value.serviceSizes !== undefined) {
    const sizes = value.serviceSizes;
    const fits = (size: unknown) => isPlainObject(size) && isText(size.cpu) && CPU.test(size.cpu) && isText(size.memory) && SIZE_PATTERN.test(size.memory);
    if (!isPlainObject(sizes) || !INSTANCE_SIZES.every((size) => fits(sizes[size]))) {
      return `${at}: \`serviceSizes\` must give { cpu, memory } (like "500m", "1Gi") for each of ${INSTANCE_SIZES.join(', ')}`;
    }
  }
  return undefined;
}
