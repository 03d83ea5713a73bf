/**
 * The file of one service, job or testnet service in one region, before its `overrides`: what
 * `emit` writes (then patched) and what `check` reads to know which objects a patch may name.
 */
import type { Job, Service, TestnetService } from '../../compiler/plugin-api.ts';
import type { EnvWiring } from './env-wiring.ts';
import { jobFile } from './jobs.ts';
import { workloadLabels, type WorkloadIdentity } from './labels.ts';
import type { EnvironmentScope } from './scope.ts';
import { serviceFile, type WorkloadFile } from './services.ts';
import type { TestnetBuilder } from './testnets.ts';

export type Workload = Service | Job | TestnetService;

/** The testnet a test service belongs to (its objects are named and labelled by the testnet). */
export interface TestnetPlace {
  name: string;
  namespace: string;
  builder: TestnetBuilder;
}

function environmentIdentity(scope: EnvironmentScope, name: string): WorkloadIdentity {
  return { system: scope.model.name, environment: scope.environment.name, name, qualifiedName: name };
}

export function workloadFile(scope: EnvironmentScope, wiring: EnvWiring, workload: Workload, region: string, testnet?: TestnetPlace): WorkloadFile {
  const { model } = scope;
  if (testnet) {
    const identity = testnet.builder.identity(workload.name);
    const label = `service "${workload.name}" of testnet "${testnet.name}"`;
    const file = serviceFile(scope, wiring, workload as TestnetService, { region, namespace: testnet.namespace, identity, labels: workloadLabels(identity, model.tags), label });
    return { ...file, sources: [...file.sources, `testnet.${testnet.name}`] };
  }
  const identity = environmentIdentity(scope, workload.name);
  if (workload.kind === 'job') return jobFile(scope, wiring, workload as Job, region, identity, workloadLabels(identity, model.tags));
  const placement = { region, namespace: scope.namespace, identity, labels: workloadLabels(identity, model.tags), label: `service "${workload.name}"` };
  return serviceFile(scope, wiring, workload as Service, placement);
}
