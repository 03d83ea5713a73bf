/**
 * The Kubernetes workloads that may need AWS access: services, jobs and the services of testnets.
 * A testnet service's workload (and service account) name is `<testnet>-<service>`, in the
 * testnet's own namespace (the conventions of compiler/model/wiring.ts the Kubernetes target uses).
 */
import type { Container, EntityRef, ResolvedSystem, SourceSpan } from '../../compiler/plugin-api.ts';
import { testnetNamespace, testnetServiceName } from '../../compiler/plugin-api.ts';

export interface Workload {
  kind: 'service' | 'job';
  /** The service account name (= workload name). */
  name: string;
  /** The namespace its service account lives in. */
  namespace: string;
  container: Container;
  /** The system.yaml entity it comes from (`testnet.<name>` for testnet services). */
  source: { kind: 'service' | 'job' | 'testnet'; name: string; span: SourceSpan };
}

/** The workloads the Kubernetes target runs in `namespace` (the Kubernetes target's `namespace` option). */
export function kubernetesWorkloads(system: ResolvedSystem, namespace: string): Workload[] {
  const workloads: Workload[] = [];
  for (const service of Object.values(system.services)) workloads.push({ kind: 'service', name: service.name, namespace, container: service, source: service });
  for (const job of Object.values(system.jobs)) workloads.push({ kind: 'job', name: job.name, namespace, container: job, source: job });
  for (const testnet of Object.values(system.testnets)) {
    for (const service of Object.values(testnet.services)) {
      workloads.push({
        kind: 'service',
        name: testnetServiceName(testnet.name, service.name),
        namespace: testnetNamespace(namespace, testnet.name),
        container: service,
        source: testnet,
      });
    }
  }
  return workloads;
}

/** Every entity a workload or function reaches: `uses`, `consumes` and `publishes`. */
export function reachedEntities(container: Pick<Container, 'uses' | 'consumes' | 'publishes'>): EntityRef[] {
  return [...container.uses, ...container.consumes, ...container.publishes];
}
