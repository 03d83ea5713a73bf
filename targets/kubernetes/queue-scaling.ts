/**
 * Scaling on queue depth: a KEDA ScaledObject (keda.sh/v1alpha1) with an `aws-sqs-queue` trigger in
 * place of the HorizontalPodAutoscaler (KEDA creates and owns the HPA itself). KEDA reads the
 * queue's depth as the workload: the trigger authenticates through the ClusterTriggerAuthentication
 * `KEDA_AUTHENTICATION` (podIdentity provider `aws`, identityOwner `workload`), so KEDA assumes
 * the IAM role of the workload's service account (IRSA) — the role Terraform gives it for
 * `consumes:`. Prerequisites (targets/kubernetes/README.md, docs/language.md): KEDA ≥ 2.13 installed and that
 * ClusterTriggerAuthentication applied once per cluster.
 */
import type { Autoscale, Queue } from '../../compiler/plugin-api.ts';
import { KEDA_AUTHENTICATION, queueName } from '../../compiler/plugin-api.ts';
import type { ObjectPlace } from './config-objects.ts';
import type { EnvironmentScope } from './scope.ts';
import type { KubeObject } from './synth.ts';


/** The queue's URL when the account is known, else its name (KEDA accepts a name that is unambiguous). */
function queueAddress(scope: EnvironmentScope, queue: Queue, region: string): string {
  const name = queueName(scope.model.name, scope.environment.name, queue.name, queue.fifo);
  const account = scope.environment.account;
  return account ? `https://sqs.${region}.amazonaws.com/${account}/${name}` : name;
}

/** The ScaledObject of a workload that scales on `autoscale.queue`; cpu/memory targets become KEDA triggers too. */
export function scaledObject(scope: EnvironmentScope, place: ObjectPlace, targetKind: string, autoscale: Autoscale, region: string): KubeObject {
  const queue = scope.resolved.queues[autoscale.queue!.name]!;
  // The copy of the queue in the workload's region, else its first one (the one the role may read).
  const queueRegion = queue.regions.includes(region) ? region : queue.regions[0]!;
  const resourceTriggers = (['cpu', 'memory'] as const)
    .filter((metric) => autoscale[metric] !== undefined)
    .map((metric) => ({ type: metric, metricType: 'Utilization', metadata: { value: String(autoscale[metric]) } }));
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: place.name, namespace: place.namespace, labels: place.labels },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: targetKind, name: place.name },
      minReplicaCount: autoscale.min,
      maxReplicaCount: autoscale.max,
      triggers: [
        {
          type: 'aws-sqs-queue',
          name: 'queue-depth',
          authenticationRef: { kind: 'ClusterTriggerAuthentication', name: KEDA_AUTHENTICATION },
          metadata: {
            awsRegion: queueRegion,
            queueURL: queueAddress(scope, queue, queueRegion),
            queueLength: String(autoscale.messagesPerReplica),
          },
        },
        ...resourceTriggers,
      ],
    },
  };
}
