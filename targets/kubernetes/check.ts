/**
 * What the Kubernetes target requires of a system: objects of one namespace need distinct names,
 * and environments on one cluster need distinct namespaces; CDNs are said to be Terraform's.
 * `validate` runs it without cdk8s; `emit` runs only when it passed.
 */
import type {
  SourceSpan,
  Container,
  ResolvedSystem,
  SystemModel,
  TargetCheck,
  TargetContext,
} from '../../compiler/plugin-api.ts';
import { needsWorkloadRole, secretAttributeOf, templateReferences } from '../../compiler/plugin-api.ts';
import { kubernetesSettings, type KubernetesSettings } from './settings.ts';
import { layoutTestnet, nearestSeed, type TestnetLayout } from './testnet-layout.ts';
import { EnvWiring } from './env-wiring.ts';
import { systemLabels } from './labels.ts';
import { checkWorkloadOverrides } from './overrides.ts';
import type { EnvironmentScope } from './scope.ts';
import { TestnetBuilder } from './testnets.ts';
import type { WorkloadFile } from './services.ts';
import { workloadFile, type TestnetPlace, type Workload } from './workload-files.ts';

const TARGET_ID = 'kubernetes';

/** Workloads that share a namespace must not share a name: their objects would be one object. */
function checkCollisions(resolved: ResolvedSystem, namespace: string, context: TargetContext): void {
  const collide = (names: Array<{ name: string; what: string; span: SourceSpan }>, namespace: string) => {
    const seen = new Map<string, string>();
    for (const entry of names) {
      const first = seen.get(entry.name);
      if (first === undefined) seen.set(entry.name, entry.what);
      else {
        context.report({
          code: 'K8S_NAME_COLLISION',
          message: `${entry.what} and ${first} would be the same objects "${entry.name}" in namespace "${namespace}"`,
          severity: 'error',
          span: entry.span,
          hint: 'rename one of them',
        });
      }
    }
  };
  collide(
    [
      ...Object.values(resolved.services).map((service) => ({ name: service.name, what: `service "${service.name}"`, span: service.span })),
      ...Object.values(resolved.jobs).map((job) => ({ name: job.name, what: `job "${job.name}"`, span: job.span })),
    ],
    namespace,
  );
  for (const layout of Object.values(resolved.testnets).map((testnet) => layoutTestnet(testnet, namespace))) {
    collide(
      [
        ...layout.nodes.map((node) => ({ name: node.name, what: `node "${node.name}"`, span: node.group.span })),
        ...layout.workerPools.map((pool) => ({ name: pool.group.name, what: `worker pool "${pool.group.name}"`, span: pool.group.span })),
        ...Object.values(layout.testnet.services).map((service) => ({ name: service.name, what: `service "${service.name}"`, span: service.span })),
      ],
      layout.namespace,
    );
  }
}

/**
 * Two environments on the same cluster (the same `cluster` option, same region) in the same
 * namespace would overwrite each other's objects. Environments without a cluster name are not
 * compared: nothing says where they run.
 */
function checkSharedNamespaces(model: SystemModel, context: TargetContext): void {
  const owners = new Map<string, string>();
  for (const resolved of model.environments) {
    const environment = resolved.environment!;
    const { cluster, namespace } = kubernetesSettings(context.optionsFor(environment.name), model.name);
    if (!cluster) continue;
    for (const region of environment.regions) {
      const key = `${cluster}\u0000${region}\u0000${namespace}`;
      const first = owners.get(key);
      if (first === undefined) owners.set(key, environment.name);
      else {
        context.error('K8S_SHARED_NAMESPACE', `environments "${first}" and "${environment.name}" both deploy to namespace "${namespace}" of cluster "${cluster}" in ${region}`, {
          span: environment.span,
          hint: `give environments.${environment.name}.targets.kubernetes a namespace of its own`,
        });
      }
    }
  }
}

/** A testnet across regions needs DNS names for its seeds; a public one needs a public port. */
function checkTestnets(resolved: ResolvedSystem, layouts: TestnetLayout[], context: TargetContext): void {
  const environment = resolved.environment!;
  for (const { testnet, multiRegion } of layouts) {
    if (multiRegion && !environment.domain) {
      context.error('K8S_TESTNET_NO_DOMAIN', `testnet "${testnet.name}" spans several regions, but environment "${environment.name}" has no domain to give its seeds DNS names in`, {
        span: testnet.span,
        hint: `set environments.${environment.name}.domain`,
      });
    }
    if (testnet.public && !testnet.ports.some((port) => port.public)) {
      context.report({
        code: 'K8S_TESTNET_NO_PUBLIC_PORT',
        message: `testnet "${testnet.name}" is public, but none of its ports is: its nodes get no public load balancer`,
        span: testnet.span,
        hint: 'mark the peer-to-peer port `public: true`',
      });
    }
  }
}

/** Every workload the target runs in an environment, named as its findings name it. */
function consumersOf(resolved: ResolvedSystem, layouts: TestnetLayout[]): Array<{ workload: Container; label: string }> {
  return [
    ...Object.values(resolved.services).map((workload) => ({ workload, label: `service "${workload.name}"` })),
    ...Object.values(resolved.jobs).map((workload) => ({ workload, label: `job "${workload.name}"` })),
    ...layouts.flatMap(({ testnet }) => Object.values(testnet.services).map((workload) => ({ workload, label: `service "${workload.name}" of testnet "${testnet.name}"` }))),
  ];
}

/** `${testnet.<name>.<port>}` resolves to the seed nearest the workload's region: there must be one. */
function checkSeedReferences(resolved: ResolvedSystem, layouts: TestnetLayout[], context: TargetContext): void {
  const byName = new Map(layouts.map((layout) => [layout.testnet.name, layout]));
  for (const { workload, label } of consumersOf(resolved, layouts)) {
    for (const part of Object.values(workload.env).flatMap(templateReferences)) {
      if (part.kind !== 'testnet') continue;
      const layout = byName.get(part.name);
      const port = layout?.testnet.ports.find((candidate) => candidate.name === part.attribute);
      if (layout && port && workload.regions.every((region) => nearestSeed(layout, region))) continue;
      context.error('K8S_TESTNET_NO_SEED', `${label} refers to \${testnet.${part.name}.${part.attribute}}, but testnet "${part.name}" has no seed node to point at`, {
        span: workload.span,
        hint: `give testnet "${part.name}" a node group with \`role: seed\``,
      });
    }
  }
}

/**
 * A database password is read from the master secret RDS manages, found by the instance ARN it is
 * tagged with; the ARN needs the environment's account (also where no cluster, so no role, is named).
 */
function checkDatabaseSecrets(resolved: ResolvedSystem, settings: KubernetesSettings, context: TargetContext): void {
  const environment = resolved.environment!;
  // with a cluster named, K8S_ACCOUNT_REQUIRED says it already
  if (environment.account !== undefined || settings.cluster !== undefined) return;
  for (const workload of [...Object.values(resolved.services), ...Object.values(resolved.jobs)]) {
    for (const [variable, template] of Object.entries(workload.env)) {
      const secret = secretAttributeOf(template);
      if (!secret) continue;
      context.error('K8S_DATABASE_SECRET_NO_ACCOUNT', `${workload.kind} "${workload.name}" reads \${${secret.kind}.${secret.name}.${secret.attribute}} in environment "${environment.name}", which has no account to find the database's secret by`, {
        span: workload.fieldSpans.env ?? workload.span,
        hint: `set environments.${environment.name}.account (the ${variable} secret is found by the ARN of the RDS instance)`,
      });
    }
  }
}

/** `${service.<name>.*}` is a cluster address: a workload in a region where that service does not run gets a dead one. */
function checkServiceRegions(resolved: ResolvedSystem, layouts: TestnetLayout[], context: TargetContext): void {
  const environment = resolved.environment!;
  for (const { workload, label } of consumersOf(resolved, layouts)) {
    const used = new Set(Object.values(workload.env).flatMap(templateReferences).flatMap((part) => (part.kind === 'service' ? [part.name] : [])));
    for (const name of [...used].sort()) {
      const service = resolved.services[name];
      if (!service) continue;
      for (const region of workload.regions.filter((candidate) => !service.regions.includes(candidate))) {
        context.report({
          code: 'K8S_SERVICE_NOT_IN_REGION',
          message: `${label} in ${region} uses service "${name}", which does not run in ${region} in environment "${environment.name}"`,
          span: workload.fieldSpans.env ?? workload.span,
          hint: `place "${name}" in ${region} too (regions: all)`,
        });
      }
    }
  }
}

/** Images built from source are pulled from the environment's ECR registry, whose address needs the account. */
function checkImageAccount(resolved: ResolvedSystem, layouts: TestnetLayout[], context: TargetContext): void {
  const environment = resolved.environment!;
  if (environment.account !== undefined) return;
  const built = [
    ...[...Object.values(resolved.services), ...Object.values(resolved.jobs)].map((workload) => ({ workload, label: `${workload.kind} "${workload.name}"` })),
    ...layouts.map(({ testnet }) => ({ workload: testnet, label: `testnet "${testnet.name}"` })),
  ].filter(({ workload }) => workload.image === undefined);
  for (const { workload, label } of built) {
    context.report({
      code: 'K8S_IMAGE_NO_ACCOUNT',
      message: `${label} is built from source, but environment "${environment.name}" has no account, so its ECR image address is unknown`,
      span: workload.fieldSpans.build ?? workload.span,
      hint: `set environments.${environment.name}.account`,
    });
  }
}

/** TLS on an ingress needs a certificate: cert-manager makes it when the environment names an issuer. */
function checkCertIssuer(resolved: ResolvedSystem, settings: KubernetesSettings, context: TargetContext): void {
  const environment = resolved.environment!;
  if (settings.certIssuer) return;
  for (const service of Object.values(resolved.services)) {
    if (!service.ingress?.tls) continue;
    context.report({
      code: 'K8S_NO_CERT_ISSUER',
      message: `the ingress of service "${service.name}" asks for TLS, but environment "${environment.name}" names no certIssuer: its TLS Secret must be provided by hand`,
      span: service.fieldSpans.ingress ?? service.span,
      hint: `set environments.${environment.name}.targets.kubernetes.certIssuer`,
    });
  }
}

/** A CDN is no Kubernetes object: said once, where the first one is defined. */
function reportCdns(model: SystemModel, context: TargetContext): void {
  const cdns = [...new Map(model.environments.flatMap((resolved) => Object.values(resolved.cdns)).map((cdn) => [cdn.name, cdn])).values()];
  if (cdns.length === 0) return;
  context.report({
    code: 'K8S_CDN_NOT_IN_TARGET',
    severity: 'info',
    message: `CDNs are not Kubernetes objects (${cdns.map((cdn) => cdn.name).join(', ')}): the Terraform target creates them as CloudFront distributions; workloads read \${cdn.<name>.*} from its parameters`,
    span: cdns[0]!.span,
  });
}

/** IRSA roles exist where the environment names its cluster; their ARNs need the account. */
function checkAccount(resolved: ResolvedSystem, settings: KubernetesSettings, context: TargetContext): void {
  const environment = resolved.environment!;
  if (environment.account !== undefined || settings.cluster === undefined) return;
  // test services of testnets get IAM roles too (their secrets)
  const testServices = Object.values(resolved.testnets).flatMap((testnet) => Object.values(testnet.services));
  const withRoles = [...Object.values(resolved.services), ...Object.values(resolved.jobs), ...testServices].filter(needsWorkloadRole);
  if (withRoles.length === 0) return;
  context.error('K8S_ACCOUNT_REQUIRED', `environment "${environment.name}" names cluster "${settings.cluster}", whose workloads ${withRoles.map((workload) => `${workload.kind} "${workload.name}"`).join(', ')} get IAM roles, but has no "account" for their ARNs`, {
    span: environment.span,
    hint: `add \`account: "<12-digit id>"\` to environments.${environment.name}`,
  });
}

/**
 * `overrides.kubernetes` of every workload that has one, against its file as planned for its first
 * region (a file's objects are the same in every region). Environments that share the patch share
 * its findings (the runner keeps each once).
 */
function checkOverrides(model: SystemModel, resolved: ResolvedSystem, settings: KubernetesSettings, layouts: TestnetLayout[], context: TargetContext): void {
  const environment = resolved.environment!;
  const scope: EnvironmentScope = { model, resolved, environment, settings, namespace: settings.namespace };
  const wiring = new EnvWiring(scope, new Map(layouts.map((layout) => [layout.testnet.name, layout])));
  const labels = systemLabels(model.name, model.tags);
  const hasOverrides = (workload: Workload) => Object.keys(workload.overrides[TARGET_ID] ?? {}).length > 0;
  const check = (workload: Workload, label: string, testnet?: TestnetPlace) => {
    let file: WorkloadFile;
    try {
      file = workloadFile(scope, wiring, workload, workload.regions[0]!, testnet);
    } catch {
      // a file that cannot be planned has a finding of the checks above; its patches wait for the fix
      return;
    }
    checkWorkloadOverrides(workload, file, context, label);
  };
  for (const workload of [...Object.values(resolved.services), ...Object.values(resolved.jobs)].filter(hasOverrides)) check(workload, `${workload.kind} "${workload.name}"`);
  for (const layout of layouts) {
    const testnet = { name: layout.testnet.name, namespace: layout.namespace, builder: new TestnetBuilder(scope, layout, labels) };
    for (const service of Object.values(layout.testnet.services).filter(hasOverrides)) check(service, `service "${service.name}" of testnet "${layout.testnet.name}"`, testnet);
  }
}

export const checkKubernetes: TargetCheck = (model, context) => {
  checkSharedNamespaces(model, context);
  reportCdns(model, context);
  for (const resolved of model.environments) {
    const settings = kubernetesSettings(context.optionsFor(resolved.environment!.name), model.name);
    checkAccount(resolved, settings, context);
    const layouts = Object.values(resolved.testnets).map((testnet) => layoutTestnet(testnet, settings.namespace));
    checkCollisions(resolved, settings.namespace, context);
    checkTestnets(resolved, layouts, context);
    checkSeedReferences(resolved, layouts, context);
    checkDatabaseSecrets(resolved, settings, context);
    checkOverrides(model, resolved, settings, layouts, context);
    checkServiceRegions(resolved, layouts, context);
    checkImageAccount(resolved, layouts, context);
    checkCertIssuer(resolved, settings, context);
  }
};
