/** `autoscale.queue`: a KEDA ScaledObject with an SQS trigger instead of an HPA; search egress. */
import { describe, expect, it } from 'vitest';
import { compileInline, documents, errorsOf, fileTree } from './compile.ts';

const SYSTEM = `
infragen: 1
system: shop
environments:
  prod:
    account: "123456789012"
    regions: [us-east-1, eu-west-1]
    targets: { kubernetes: { cluster: shop-prod, namespace: shop } }
queues:
  jobs: {}
search:
  products: { version: "2.13", class: r6g.large.search }
services:
  worker:
    image: shop/worker:1.0
    regions: all
    consumes: [queue.jobs]
    uses: [search.products]
    autoscale: { min: 1, max: 20, queue: queue.jobs, messagesPerReplica: 8, cpu: 80 }
  api:
    image: shop/api:1.0
    ports: { http: 8080 }
    autoscale: { min: 2, max: 4 }
`;

describe('scaling on queue depth', () => {
  it('emits a ScaledObject authenticated as the workload, and no HPA', async () => {
    const result = await compileInline(SYSTEM);
    expect(errorsOf(result)).toEqual([]);
    const files = fileTree(result);
    const worker = documents(files.get('prod/eu-west-1/shop/worker.yaml')!);
    expect(worker.map((doc) => doc.kind)).not.toContain('HorizontalPodAutoscaler');
    const scaled = worker.find((doc) => doc.kind === 'ScaledObject')!;
    expect(scaled.apiVersion).toBe('keda.sh/v1alpha1');
    expect(scaled.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker' },
      minReplicaCount: 1,
      maxReplicaCount: 20,
      triggers: [
        {
          type: 'aws-sqs-queue',
          name: 'queue-depth',
          authenticationRef: { kind: 'ClusterTriggerAuthentication', name: 'keda-aws-workload' },
          // the queue lives in us-east-1 only: the copy the worker's role may read
          metadata: { awsRegion: 'us-east-1', queueURL: 'https://sqs.us-east-1.amazonaws.com/123456789012/shop-prod-jobs', queueLength: '8' },
        },
        { type: 'cpu', metricType: 'Utilization', metadata: { value: '80' } },
      ],
    });
    // the Deployment leaves its replica count to KEDA
    expect(worker.find((doc) => doc.kind === 'Deployment')!.spec).not.toHaveProperty('replicas');

    const api = documents(files.get('prod/us-east-1/shop/api.yaml')!);
    expect(api.map((doc) => doc.kind)).toContain('HorizontalPodAutoscaler');
    expect(api.map((doc) => doc.kind)).not.toContain('ScaledObject');
  });

  it('lets a workload that uses a search cluster reach it on 443 inside the VPC', async () => {
    const files = fileTree(await compileInline(SYSTEM));
    const policy = documents(files.get('prod/us-east-1/shop/worker.yaml')!).find((doc) => doc.kind === 'NetworkPolicy')!;
    expect(policy.spec.egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [{ port: 443, protocol: 'TCP' }] });
  });
});
