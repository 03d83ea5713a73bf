/**
 * The Kubernetes workloads that may need AWS access: services, jobs and the services of testnets.
 * A testnet service's workload (and service account) name is `<testnet>-<service>`.
 */
import type { Container, EntityRef, ResolvedSystem } from '../../compiler/model/types.ts';

export interface Workload {
  kind: 'service' | 'job';
  /** The service account name (= workload name). */
  name: string;
  container: Container;
  /** The system.yaml entity it comes from (`testnet.<name>` for testnet services). */
  source: { kind: 'service' | 'job' | 'testnet'; name: string };
}

export function kubernetesWorkloads(system: ResolvedSystem): Workload[] {
  const workloads: Workload[] = [];
  for (const service of Object.values(system.services)) workloads.push({ kind: 'service', name: service.name, container: service, source: service });
  for (const job of Object.values(system.jobs)) workloads.push({ kind: 'job', name: job.name, container: job, source: job });
  for (const testnet of Object.values(system.testnets)) {
    for (const service of Object.values(testnet.services)) {
      workloads.push({ kind: 'service', name: `${testnet.name}-${service.name}`, container: service, source: testnet });
    }
  }
  return workloads;
}

/** Every entity a workload reaches: `uses`, `consumes` and `publishes`. */
export function reachedEntities(container: Container): EntityRef[] {
  return [...container.uses, ...container.consumes, ...container.publishes];
}
