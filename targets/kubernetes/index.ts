/**
 * The Kubernetes target: manifests for the services, jobs and testnets of every environment, in
 * every region they are placed in, synthesized through cdk8s.
 *
 * Layout (one file per workload, so a change to one entity changes only its files):
 *   <env>/<region>/<namespace>/_namespace.yaml   Namespace, default-deny policy (+ testnet-wide objects)
 *   <env>/<region>/<namespace>/<workload>.yaml   everything of one service, job, testnet node or worker pool
 *   <env>/<region>/<namespace>/alarms/<alarm>.yaml   PrometheusRule of an `expr` alarm
 */
import type { Environment, ResolvedSystem, SystemModel, EmittedFile, EmittedObject, EntityKind, SourceSpan, Target, TargetContext } from '../../compiler/plugin-api.ts';
import { environmentRecord, objectRecord } from '../../compiler/plugin-api.ts';
import { K8S_MANIFEST } from './manifest.ts';
import { alarmRule } from './alarms.ts';
import { checkKubernetes } from './check.ts';
import { KUBERNETES_DIFF, kubernetesObjectId } from './diff.ts';
import { EnvWiring } from './env-wiring.ts';
import { BEFORE_WAVE, inSyncWave } from './jobs.ts';
import { TESTNET_LABEL, systemLabels } from './labels.ts';
import { NAMESPACE_FILE, namespaceObjects } from './namespaces.ts';
import type { EnvironmentScope } from './scope.ts';
import { withOverrides } from './overrides.ts';
import type { WorkloadFile } from './services.ts';
import { ManifestSynthesizer, type Manifest } from './synth.ts';
import { kubernetesSettings } from './settings.ts';
import { TestnetBuilder } from './testnets.ts';
import { layoutTestnet, type TestnetLayout } from './testnet-layout.ts';
import { workloadFile } from './workload-files.ts';

interface PlannedFile {
  path: string;
  manifests: Manifest[];
  sources: string[];
  /** The entity every object of the file comes from (none for a namespace's shared objects). */
  owner?: { kind: EntityKind; name: string; span: SourceSpan };
  environment: Environment;
}

/**
 * The objects of a file, each recorded as its owner's, or as the environment's when the file has no
 * owner. A patch cannot change an object's id (the check refuses one that sets apiVersion, kind,
 * name or namespace: K8S_OVERRIDE_IDENTITY), so the id is read from the object as planned.
 */
function objectRecords(file: PlannedFile): EmittedObject[] {
  const owner = file.owner;
  return file.manifests.map((manifest) => {
    const id = kubernetesObjectId(manifest.object);
    return owner ? objectRecord(id, owner) : environmentRecord(id, file.environment);
  });
}

const target: Target = {
  ...K8S_MANIFEST,
  check: checkKubernetes,
  diff: KUBERNETES_DIFF,
  emit(model, context) {
    const synthesizer = new ManifestSynthesizer();
    const files: EmittedFile[] = [];
    // each file is rendered as soon as it is planned: its objects die young instead of all of
    // them outliving the planning of every environment (which made the collector copy them)
    for (const resolved of model.environments) {
      for (const file of planEnvironment(model, resolved, context)) {
        // sources are deduplicated and sorted by the compiler (runTargets)
        files.push({ path: file.path, contents: synthesizer.render(file.manifests), sources: file.sources, objects: objectRecords(file) });
      }
    }
    return files;
  },
};
export default target;

function* planEnvironment(model: SystemModel, resolved: ResolvedSystem, context: TargetContext): Generator<PlannedFile> {
  const environment = resolved.environment!;
  const settings = kubernetesSettings(context.optionsFor(environment.name), model.name);
  const scope: EnvironmentScope = { model, resolved, environment, settings, namespace: settings.namespace };
  const layouts = new Map<string, TestnetLayout>(Object.values(resolved.testnets).map((testnet) => [testnet.name, layoutTestnet(testnet, scope.namespace)]));
  const wiring = new EnvWiring(scope, layouts);
  const labels = systemLabels(model.name, model.tags);

  const services = Object.values(resolved.services);
  const jobs = Object.values(resolved.jobs);
  const alarms = Object.values(resolved.alarms).flatMap((alarm) => (alarm.source.type === 'expr' ? [{ alarm, expr: alarm.source.expr }] : []));
  const testnets = [...layouts.values()].map((layout) => ({ layout, builder: new TestnetBuilder(scope, layout, labels) }));

  for (const region of environment.regions) {
    const folder = (namespace: string) => `${environment.name}/${region}/${namespace}`;
    const planned = (namespace: string, name: string, file: WorkloadFile, owner: PlannedFile['owner']): PlannedFile => ({ environment, path: `${folder(namespace)}/${name}.yaml`, ...file, owner });
    const servicesHere = services.filter((service) => service.regions.includes(region));
    const jobsHere = jobs.filter((job) => job.regions.includes(region));
    const testnetsHere = testnets.filter(({ layout }) =>
      layout.nodes.some((node) => node.region === region) ||
      layout.workerPools.some((pool) => pool.region === region) ||
      Object.values(layout.testnet.services).some((service) => service.regions.includes(region)),
    );

    if (servicesHere.length || jobsHere.length || (alarms.length && testnetsHere.length)) {
      const runsAsRoot = [...servicesHere, ...jobsHere].some((workload) => workload.runAsRoot);
      // the namespace (and its default policies) before a job that runs in an earlier sync wave
      const namespaceWave = jobsHere.some((job) => job.before.length > 0) ? BEFORE_WAVE - 1 : undefined;
      const namespaceWide = namespaceObjects(scope.namespace, labels, environment.name, runsAsRoot);
      yield {
        environment,
        path: `${folder(scope.namespace)}/${NAMESPACE_FILE}`,
        manifests: namespaceWide.map((object) => ({ object: namespaceWave === undefined ? object : inSyncWave(object, namespaceWave) })),
        sources: [],
      };
      for (const workload of [...servicesHere, ...jobsHere]) yield planned(scope.namespace, workload.name, withOverrides(workloadFile(scope, wiring, workload, region), workload), workload);
      for (const { alarm, expr } of alarms) {
        yield {
          environment,
          path: `${folder(scope.namespace)}/alarms/${alarm.name}.yaml`,
          manifests: [{ object: alarmRule(alarm, expr, scope.namespace, labels, model.name, environment.name) }],
          sources: [`alarm.${alarm.name}`, ...alarm.notify.map((channel) => `notification.${channel.name}`)],
          owner: alarm,
        };
      }
    }

    for (const { layout, builder } of testnetsHere) {
      const namespace = layout.namespace;
      const testServices = Object.values(layout.testnet.services).filter((service) => service.regions.includes(region));
      const runsAsRoot = testServices.some((service) => service.runAsRoot);
      yield {
        environment,
        path: `${folder(namespace)}/${NAMESPACE_FILE}`,
        manifests: [...namespaceObjects(namespace, { ...labels, [TESTNET_LABEL]: layout.testnet.name }, environment.name, runsAsRoot), ...builder.namespaceWide()].map((object) => ({ object })),
        sources: [`testnet.${layout.testnet.name}`],
        owner: layout.testnet,
      };
      for (const node of layout.nodes.filter((candidate) => candidate.region === region)) yield planned(namespace, node.name, builder.nodeFile(node), layout.testnet);
      for (const pool of layout.workerPools.filter((candidate) => candidate.region === region)) yield planned(namespace, pool.group.name, builder.workerPoolFile(pool), layout.testnet);
      for (const service of testServices) {
        yield planned(namespace, service.name, withOverrides(workloadFile(scope, wiring, service, region, { name: layout.testnet.name, namespace, builder }), service), { kind: 'testnet', name: layout.testnet.name, span: service.span });
      }
    }
  }
}
