/**
 * One cdktf stack per environment × region: its provider(s), backend and the helpers every
 * resource module uses (stable Terraform identifiers, ARNs, wiring parameters). Synthesis happens
 * in memory: cdktf's App would create its output folder on disk, so stacks hang off a bare root
 * construct and are turned into JSON with the same steps App.synth takes, minus the writing.
 */
import { Construct, deepMerge, LocalBackend, S3Backend, TerraformDataSource, TerraformElement, TerraformOutput, TerraformProvider, TerraformStack, type TerraformResource } from './cdktf.ts';
import { AwsProvider, DataAwsCallerIdentity, DataAwsEksCluster, SsmParameter } from './aws.ts';
import type { EmittedObject, KubernetesPlacement, SourceSpan } from '../../compiler/plugin-api.ts';
import {
  cloudName,
  environmentRecord,
  objectRecord,
  refString,
  ssmParameterName,
  COLLECTION_OF_KIND,
  type EntityKind,
  type Environment,
  type Placed,
  type ResolvedSystem,
  type SystemModel,
  applyMergePatch,
} from '../../compiler/plugin-api.ts';
import { regionAlias, tfId } from './names.ts';
import { mergeResolved, placeResolved, resolveElement } from './resolve.ts';
import { attributeOf } from './tokens.ts';
import { plainAttributes, plainBlock } from './element-json.ts';
import { sortedKeys, stackJson } from './stable-json.ts';
import { patchResources, resourcePatches } from './overrides.ts';

/** An entity that owns the objects added while it is being built. */
type Owner = { kind: EntityKind; name: string; span: SourceSpan };

/** A cdktf resource, data source or provider class. */
type ElementClass<T extends TerraformElement, C> = { new (scope: Construct, id: string, config: C): T; readonly tfResourceType: string };

/**
 * The AWS provider range the output is written for: the files are validated against 5.100 and
 * use only arguments that provider 6.x (what @cdktf/provider-aws 21 is generated from) keeps.
 */
const AWS_PROVIDER_CONSTRAINT = '>= 5.100.0, < 7.0.0';
/** `use_lockfile` in the s3 backend needs Terraform 1.10. */
const TERRAFORM_CONSTRAINT = '>= 1.10.0';

export function createRoot(): Construct {
  return new Construct(undefined as unknown as Construct, '');
}

export class RegionStack {
  readonly stack: TerraformStack;
  readonly system: string;
  readonly envName: string;
  /** The env's first region: global resources (IAM roles) live in its stack. */
  readonly primary: boolean;
  /** `kind.name` of every entity that contributed to this stack (EmittedFile.sources). */
  readonly sources = new Set<string>();
  /** The stack's objects that one entity produced, by Terraform address (EmittedFile.objects). */
  readonly objects = new Map<string, EmittedObject>();
  /** The entity whose resources are being added (see `owned`). */
  private owner?: Owner;
  /** The top-level section of system.yaml the unowned resources being added are made from (see `inSection`). */
  private section?: string;
  private readonly aliases = new Map<string, AwsProvider>();
  private readonly clusters = new Map<string, DataAwsEksCluster>();
  private readonly tags: Record<string, string>;
  private callerIdentity?: DataAwsCallerIdentity;

  constructor(
    root: Construct,
    readonly model: SystemModel,
    readonly resolved: ResolvedSystem,
    readonly env: Environment,
    readonly region: string,
    /** The Kubernetes target's options for this environment: the cluster and namespace IRSA roles trust. */
    readonly kubernetes: KubernetesPlacement,
  ) {
    this.system = model.name;
    this.envName = env.name;
    this.primary = env.regions[0] === region;
    this.stack = new TerraformStack(root, `${env.name}-${region}`);
    this.tags = { ...model.tags, system: model.name, environment: env.name, 'managed-by': 'infragen' };
    this.add(AwsProvider, 'aws', this.providerConfig(region));
    this.configureBackend();
    this.stack.addOverride('terraform.required_providers.aws', { source: 'hashicorp/aws', version: AWS_PROVIDER_CONSTRAINT });
    this.stack.addOverride('terraform.required_version', TERRAFORM_CONSTRAINT);
  }

  private providerConfig(region: string) {
    return {
      region,
      defaultTags: [{ tags: this.tags }],
      ...(this.env.account ? { allowedAccountIds: [this.env.account] } : {}),
    };
  }

  private configureBackend(): void {
    const state = this.model.state;
    if (!state) {
      // Explicit and relative: cdktf's default local backend would write the working directory into the file.
      new LocalBackend(this.stack, { path: 'terraform.tfstate' });
      return;
    }
    const backend = new S3Backend(this.stack, {
      bucket: state.bucket,
      key: `${state.keyPrefix.replace(/\/+$/, '')}/${this.envName}/${this.region}/terraform.tfstate`,
      region: state.region,
      encrypt: true,
      ...(state.lockTable ? { dynamodbTable: state.lockTable } : {}),
    });
    // Without a lock table, S3-native locking (Terraform ≥ 1.10; cdktf 0.21 has no typed field for it).
    if (!state.lockTable) backend.addOverride('use_lockfile', true);
  }

  /** Adds a resource or data source whose Terraform identifier is exactly `id`; it belongs to the current owner. */
  add<T extends TerraformElement, C>(Class: ElementClass<T, C>, id: string, config: C): T {
    const element = new Class(this.stack, `${Class.tfResourceType}.${id}`, config);
    element.overrideLogicalId(id);
    if (!(element instanceof TerraformProvider)) this.recordObject(`${element instanceof TerraformDataSource ? 'data.' : ''}${Class.tfResourceType}.${id}`);
    return element;
  }

  /** Runs `build` with `entity` as the owner of every object it adds (an inner `owned` wins; `undefined`: shared, no owner). */
  owned<T>(entity: Owner | undefined, build: () => T): T {
    const outer = this.owner;
    this.owner = entity;
    try {
      return build();
    } finally {
      this.owner = outer;
    }
  }

  /** Runs `build` with the environment's objects it adds recorded at `section` of system.yaml (the network). */
  inSection<T>(section: string, build: () => T): T {
    const outer = this.section;
    this.section = section;
    try {
      return build();
    } finally {
      this.section = outer;
    }
  }

  /**
   * Records the object at `address` as the current owner's, or in a section as the environment's;
   * the rest (providers, shared keys and data sources) is recorded as the environment's by index.ts.
   */
  recordObject(address: string): void {
    if (this.objects.has(address)) return;
    if (this.owner) this.objects.set(address, objectRecord(address, this.owner));
    else if (this.section) this.objects.set(address, environmentRecord(address, this.env, { section: this.section }));
  }

  /**
   * The environment's EKS cluster (the Kubernetes target's `cluster` option) in `region`, read once per stack: the IAM
   * roles trust its OIDC provider, the data stores admit its security group.
   */
  clusterData(region: string): DataAwsEksCluster {
    let found = this.clusters.get(region);
    if (!found) {
      const provider = this.provider(region);
      found = this.owned(undefined, () => this.add(DataAwsEksCluster, tfId('cluster', regionAlias(region)), { name: this.kubernetes.cluster!, ...(provider ? { provider } : {}) }));
      this.clusters.set(region, found);
    }
    return found;
  }

  /** The provider for `region`: undefined (the default provider) for the stack's own region, else an alias. */
  provider(region: string): AwsProvider | undefined {
    if (region === this.region) return undefined;
    let alias = this.aliases.get(region);
    if (!alias) {
      alias = this.add(AwsProvider, `aws_${regionAlias(region)}`, { ...this.providerConfig(region), alias: regionAlias(region) });
      this.aliases.set(region, alias);
    }
    return alias;
  }

  /** `<system>-<env>-<name>` fitted to `maxLength`. */
  name(name: string, maxLength?: number): string {
    return cloudName(this.system, this.envName, name, maxLength);
  }

  get protect(): boolean {
    return this.env.protect;
  }

  /**
   * The account id: the environment's `account`, else looked up from the credentials in use. The
   * lookup is one token for the whole stack: ARNs built on it are sorted and deduplicated as
   * text, and a token read per ARN would order them by cdktf's token numbers (which depend on
   * everything made before in the process) and keep duplicates apart.
   */
  get account(): string {
    if (this.env.account) return this.env.account;
    this.callerIdentity ??= this.owned(undefined, () => this.add(DataAwsCallerIdentity, 'current', {}));
    return attributeOf(this.callerIdentity, 'accountId');
  }

  /** The regions `kind.name` is placed in; none for an entity the system does not have. */
  regionsOf(ref: { kind: EntityKind; name: string }): readonly string[] {
    const entities = this.resolved[COLLECTION_OF_KIND[ref.kind]] as Record<string, Placed | undefined>;
    return entities[ref.name]?.regions ?? [];
  }

  /** `arn:aws:<service>:<region>:<account>:<resource>`. */
  arn(service: string, region: string, resource: string): string {
    return `arn:aws:${service}:${region}:${this.account}:${resource}`;
  }

  /** Records that `kind.name` contributed to this stack. */
  use(entity: { kind: EntityKind; name: string }): void {
    this.sources.add(refString(entity));
  }

  /**
   * Publishes a value for the other targets: an SSM parameter `/<system>/<env>/<kind>/<name>/<attribute>`
   * and a Terraform output `<kind>_<name>_<attribute>` with the same value.
   */
  publish(kind: EntityKind, name: string, attribute: string, value: string): void {
    this.publishAt(ssmParameterName(this.system, this.envName, kind, name, attribute), tfId(kind, name, attribute), value);
  }

  /** Publishes `value` under an explicit parameter name; `type` StringList for comma-joined lists. */
  publishAt(parameter: string, id: string, value: string, type: 'String' | 'StringList' = 'String'): void {
    this.add(SsmParameter, id, { name: parameter, type, value });
    const output = new TerraformOutput(this.stack, `output.${id}`, { value });
    output.overrideLogicalId(id);
    this.recordObject(`output.${id}`);
  }

  /**
   * The stack as Terraform JSON, without cdktf's `//` metadata, keys sorted. The same result as
   * `invokeAspects()` + `prepareStack()` + `toTerraform()` at a fraction of the cost: those resolve
   * every element three times (a preparing pass that only cross-stack references need, and these
   * stacks never refer to each other; a pass for the metadata this output drops) and then the
   * merged tree once more; here each element's JSON is built without the metadata (a plain
   * resource's or data source's attributes by `plainAttributes`, placed under its type by
   * `placeResolved`; anything else by cdktf's `toTerraform()`), resolved once (`resolveElement`,
   * with fast paths for plain values and references) and merged without a second copy. Returns the document too, so its objects are
   * read without parsing the text back.
   */
  synthesize(): { document: Record<string, unknown>; contents: string } {
    // No aspects: cdktf's invokeAspects, which visits every construct (and gives each an Aspects
    // object), would run none. Neither this target, cdktf nor the provider classes add one
    // (test/targets/terraform/aspects.test.ts).
    const tf: Record<string, unknown> = {};
    const merged = new Set<object>();
    for (const element of terraformElements(this.stack)) {
      const block = plainBlock(element);
      if (block === undefined) mergeResolved(tf, resolveElement(this.stack, element.toTerraform()) as Record<string, unknown>, merged);
      else {
        const { terraformResourceType: type, friendlyUniqueId: id } = element as TerraformResource | TerraformDataSource;
        placeResolved(tf, block, type, id, resolveElement(this.stack, plainAttributes(element, block)) as Record<string, unknown>, merged);
      }
    }
    const overrides = (this.stack as unknown as { rawOverrides: Record<string, unknown> }).rawOverrides;
    deepMerge(tf, overrides);
    const patches = resourcePatches(this.resolved);
    patchResources(tf.resource, patches, applyMergePatch);
    // What the stack's overrides and the patches wrote may be in any order: stackJson trusts only the rest.
    for (const block of Object.keys(overrides)) if (tf[block] !== undefined) tf[block] = sortedKeys(tf[block]);
    const resources = tf.resource as Record<string, Record<string, unknown> | undefined> | undefined;
    for (const address of patches.keys()) {
      const [type, id] = address.split('.', 2) as [string, string];
      const ofType = resources?.[type];
      if (ofType?.[id] !== undefined) ofType[id] = sortedKeys(ofType[id]);
    }
    return { document: tf, contents: stackJson(tf, merged) };
  }
}

/** The stack's elements in cdktf's own order (depth first; a stack has no nested stacks here). */
function terraformElements(scope: Construct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(scope)) into.push(scope);
  for (const child of scope.node.children) terraformElements(child, into);
  return into;
}
