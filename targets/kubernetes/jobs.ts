/**
 * A job's file: ServiceAccount, ConfigMap, ExternalSecret and the Job (backoff limit, TTL after
 * it finishes, `activeDeadlineSeconds` from `timeout`) — or, for a job with a `schedule`, a
 * CronJob whose runs are that Job — and the NetworkPolicy that lets it reach
 * what it uses. Jobs serve nothing: the namespace's default-deny ingress stands.
 */
import type { Job, JobSchedule } from '../../compiler/plugin-api.ts';
import { environmentSources, serviceAccount, type ObjectPlace } from './config-objects.ts';
import type { EnvWiring } from './env-wiring.ts';
import { selectorLabels, type Labels, type WorkloadIdentity } from './labels.ts';
import { allowPolicy } from './network-policies.ts';
import { containerImage, podTemplate } from './pods.ts';
import type { EnvironmentScope } from './scope.ts';
import type { KubeObject, Manifest } from './synth.ts';
import type { WorkloadFile } from './services.ts';

const CONCURRENCY_POLICIES = { forbid: 'Forbid', allow: 'Allow', replace: 'Replace' } as const;

/** A CronJob around the job's spec: each run is the Job a one-off job would be. */
function cronJobSpec(schedule: JobSchedule, labels: Labels, jobSpec: Record<string, unknown>) {
  return {
    schedule: schedule.cron,
    ...(schedule.timezone !== undefined ? { timeZone: schedule.timezone } : {}),
    concurrencyPolicy: CONCURRENCY_POLICIES[schedule.concurrency],
    successfulJobsHistoryLimit: schedule.keepSucceeded,
    failedJobsHistoryLimit: schedule.keepFailed,
    ...(schedule.startingDeadlineSeconds !== undefined ? { startingDeadlineSeconds: schedule.startingDeadlineSeconds } : {}),
    jobTemplate: { metadata: { labels }, spec: jobSpec },
  };
}

/**
 * Order on Kubernetes is Argo CD's: it applies the objects of a sync wave, waits until they are
 * healthy (a Job: complete), then goes on to the next wave. A job that runs `before` services is
 * in wave -1, its namespace in wave -2, everything else in the default wave 0 (docs/deploy.md:
 * Flux and kubectl do not read the annotation).
 */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
export const BEFORE_WAVE = -1;

export function inSyncWave(object: KubeObject, wave: number): KubeObject {
  const { metadata } = object;
  return { ...object, metadata: { ...metadata, annotations: { ...metadata.annotations, [SYNC_WAVE_ANNOTATION]: String(wave) } } };
}

export function jobFile(scope: EnvironmentScope, wiring: EnvWiring, job: Job, region: string, identity: WorkloadIdentity, labels: Labels): WorkloadFile {
  const name = identity.name;
  const place: ObjectPlace = { name, namespace: scope.namespace, labels };
  const env = wiring.resolve({ workload: job, region, label: `job "${job.name}"` });
  const podLabels: Labels = { ...labels };
  for (const label of wiring.accessLabels(job)) podLabels[label] = 'true';

  const manifests: Manifest[] = [{ object: serviceAccount(scope, place, job, identity.qualifiedName) }];
  const sources = environmentSources(scope, place, name, env);
  manifests.push(...sources.manifests);
  const template = podTemplate({
    labels: podLabels,
    containerName: name,
    image: containerImage(scope, job, region, identity.qualifiedName),
    ...(job.command ? { command: job.command } : {}),
    ...(job.args ? { args: job.args } : {}),
    ports: [],
    envFrom: sources.envFrom,
    volumes: sources.volumes,
    volumeMounts: sources.volumeMounts,
    resources: job.resources,
    security: job,
    serviceAccountName: name,
    restartPolicy: 'Never',
  });
  const jobSpec = {
    backoffLimit: job.backoffLimit,
    ttlSecondsAfterFinished: job.ttlSecondsAfterFinished,
    ...(job.timeoutSeconds !== undefined ? { activeDeadlineSeconds: job.timeoutSeconds } : {}),
    template,
  };
  manifests.push({
    object: job.schedule
      ? { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name, namespace: scope.namespace, labels }, spec: cronJobSpec(job.schedule, labels, jobSpec) }
      : { apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: scope.namespace, labels }, spec: jobSpec },
  });
  const policy = allowPolicy(name, scope.namespace, labels, selectorLabels(identity), [], wiring.egress(job));
  if (policy) manifests.push({ object: policy });
  // `before`: everything the job needs is synced, and the job completed, before the services it precedes.
  return { manifests: job.before.length ? manifests.map(({ object, ...rest }) => ({ object: inSyncWave(object, BEFORE_WAVE), ...rest })) : manifests, sources: [`job.${job.name}`, ...env.sources] };
}
