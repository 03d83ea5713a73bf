/**
 * The Kubernetes target: manifests for the services, jobs and testnets of every environment, in
 * every region they are placed in, synthesized through cdk8s.
 *
 * Layout (one file per workload, so a change to one entity changes only its files):
 *   <env>/<region>/<namespace>/_namespace.yaml   Namespace, default-deny policy (+ testnet-wide objects)
 *   <env>/<region>/<namespace>/<workload>.yaml   everything of one service, job, testnet node or worker pool
 *   <env>/<region>/<namespace>/alarms/<alarm>.yaml   PrometheusRule of an `expr` alarm
 */
import type { SourceSpan } from '../../compiler/model/span.ts';
import type { ResolvedSystem, SystemModel } from '../../compiler/model/types.ts';
import type { EmittedFile, Target, TargetContext } from '../../compiler/target.ts';
import { alarmRule } from './alarms.ts';
import { EnvWiring } from './env-wiring.ts';
import { jobFile } from './jobs.ts';
import { TESTNET_LABEL, systemLabels, workloadLabels, type WorkloadIdentity } from './labels.ts';
import { NAMESPACE_FILE, namespaceObjects } from './namespaces.ts';
import type { EnvironmentScope } from './scope.ts';
import { serviceFile, type WorkloadFile } from './services.ts';
import { ManifestSynthesizer, type Manifest } from './synth.ts';
import { TestnetBuilder } from './testnets.ts';
import { layoutTestnet, type TestnetLayout } from './testnet-layout.ts';

interface PlannedFile {
  path: string;
  manifests: Manifest[];
  sources: string[];
}

const target: Target = {
  id: 'kubernetes',
  description: 'Kubernetes manifests (cdk8s) for services, jobs and testnets, per environment, region and namespace',
  emit(model, context) {
    const synthesizer = new ManifestSynthesizer();
    reportSharedNamespaces(model, context);
    const planned = model.environments.flatMap((resolved) => planEnvironment(model, resolved, context));
    // sources are deduplicated and sorted by the compiler (runTargets)
    return planned.map((file): EmittedFile => ({ path: file.path, contents: synthesizer.render(file.manifests), sources: file.sources }));
  },
};
export default target;

function planEnvironment(model: SystemModel, resolved: ResolvedSystem, context: TargetContext): PlannedFile[] {
  const environment = resolved.environment!;
  const scope: EnvironmentScope = { model, resolved, environment, namespace: environment.kubernetes.namespace, report: context.report };
  const layouts = new Map<string, TestnetLayout>(Object.values(resolved.testnets).map((testnet) => [testnet.name, layoutTestnet(testnet, scope.namespace)]));
  const wiring = new EnvWiring(scope, layouts);
  const labels = systemLabels(model.name, model.tags);
  const identity = (name: string): WorkloadIdentity => ({ system: model.name, environment: environment.name, name, qualifiedName: name });
  reportCollisions(scope, layouts);

  const services = Object.values(resolved.services);
  const jobs = Object.values(resolved.jobs);
  const alarms = Object.values(resolved.alarms).flatMap((alarm) => (alarm.source.type === 'expr' ? [{ alarm, expr: alarm.source.expr }] : []));
  const testnets = [...layouts.values()].map((layout) => ({ layout, builder: new TestnetBuilder(scope, layout, labels) }));
  const files: PlannedFile[] = [];

  for (const region of environment.regions) {
    const folder = (namespace: string) => `${environment.name}/${region}/${namespace}`;
    const add = (namespace: string, name: string, file: WorkloadFile) => files.push({ path: `${folder(namespace)}/${name}.yaml`, ...file });
    const servicesHere = services.filter((service) => service.regions.includes(region));
    const jobsHere = jobs.filter((job) => job.regions.includes(region));
    const testnetsHere = testnets.filter(({ layout }) =>
      layout.nodes.some((node) => node.region === region) ||
      layout.workerPools.some((pool) => pool.region === region) ||
      Object.values(layout.testnet.services).some((service) => service.regions.includes(region)),
    );

    if (servicesHere.length || jobsHere.length || (alarms.length && testnetsHere.length)) {
      const runsAsRoot = [...servicesHere, ...jobsHere].some((workload) => workload.runAsRoot);
      files.push({ path: `${folder(scope.namespace)}/${NAMESPACE_FILE}`, manifests: namespaceObjects(scope.namespace, labels, environment.name, runsAsRoot).map((object) => ({ object })), sources: [] });
      for (const service of servicesHere) {
        const id = identity(service.name);
        add(scope.namespace, service.name, serviceFile(scope, wiring, service, { region, namespace: scope.namespace, identity: id, labels: workloadLabels(id, model.tags), label: `service "${service.name}"` }));
      }
      // a job named like a service is reported (K8S_NAME_COLLISION) and left out
      for (const job of jobsHere.filter((candidate) => !resolved.services[candidate.name])) {
        const id = identity(job.name);
        add(scope.namespace, job.name, jobFile(scope, wiring, job, region, id, workloadLabels(id, model.tags)));
      }
      for (const { alarm, expr } of alarms) {
        files.push({
          path: `${folder(scope.namespace)}/alarms/${alarm.name}.yaml`,
          manifests: [{ object: alarmRule(alarm, expr, scope.namespace, labels, model.name, environment.name) }],
          sources: [`alarm.${alarm.name}`, ...alarm.notify.map((channel) => `notification.${channel.name}`)],
        });
      }
    }

    for (const { layout, builder } of testnetsHere) {
      const namespace = layout.namespace;
      const nodeNames = new Set([...layout.nodes.map((node) => node.name), ...layout.workerPools.map((pool) => pool.group.name)]);
      // a test service named like a node is reported (K8S_NAME_COLLISION) and left out
      const testServices = Object.values(layout.testnet.services).filter((service) => service.regions.includes(region) && !nodeNames.has(service.name));
      const runsAsRoot = testServices.some((service) => service.runAsRoot);
      files.push({
        path: `${folder(namespace)}/${NAMESPACE_FILE}`,
        manifests: [...namespaceObjects(namespace, { ...labels, [TESTNET_LABEL]: layout.testnet.name }, environment.name, runsAsRoot), ...builder.namespaceWide()].map((object) => ({ object })),
        sources: [`testnet.${layout.testnet.name}`],
      });
      for (const node of layout.nodes.filter((candidate) => candidate.region === region)) add(namespace, node.name, builder.nodeFile(node));
      for (const pool of layout.workerPools.filter((candidate) => candidate.region === region)) add(namespace, pool.group.name, builder.workerPoolFile(pool));
      for (const service of testServices) {
        const id = builder.identity(service.name);
        const file = serviceFile(scope, wiring, service, { region, namespace, identity: id, labels: workloadLabels(id, model.tags), label: `service "${service.name}" of testnet "${layout.testnet.name}"` });
        add(namespace, service.name, { ...file, sources: [...file.sources, `testnet.${layout.testnet.name}`] });
      }
    }
  }
  return files;
}

/** Workloads that share a namespace must not share a name: their objects would be one object. */
function reportCollisions(scope: EnvironmentScope, layouts: ReadonlyMap<string, TestnetLayout>): void {
  const collide = (names: Array<{ name: string; what: string; span: SourceSpan }>, namespace: string) => {
    const seen = new Map<string, string>();
    for (const entry of names) {
      const first = seen.get(entry.name);
      if (first === undefined) seen.set(entry.name, entry.what);
      else {
        scope.report({
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
      ...Object.values(scope.resolved.services).map((service) => ({ name: service.name, what: `service "${service.name}"`, span: service.span })),
      ...Object.values(scope.resolved.jobs).map((job) => ({ name: job.name, what: `job "${job.name}"`, span: job.span })),
    ],
    scope.namespace,
  );
  for (const layout of layouts.values()) {
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
 * Two environments on the same cluster (same `kubernetes.cluster`, same region) in the same
 * namespace would overwrite each other's objects. Environments without a cluster name are not
 * compared: nothing says where they run.
 */
function reportSharedNamespaces(model: SystemModel, context: TargetContext): void {
  const owners = new Map<string, string>();
  for (const resolved of model.environments) {
    const environment = resolved.environment!;
    const { cluster, namespace } = environment.kubernetes;
    if (!cluster) continue;
    for (const region of environment.regions) {
      const key = `${cluster}\u0000${region}\u0000${namespace}`;
      const first = owners.get(key);
      if (first === undefined) owners.set(key, environment.name);
      else {
        context.error('K8S_SHARED_NAMESPACE', `environments "${first}" and "${environment.name}" both deploy to namespace "${namespace}" of cluster "${cluster}" in ${region}`, {
          span: environment.span,
          hint: `give environments.${environment.name}.kubernetes a namespace of its own`,
        });
      }
    }
  }
}
