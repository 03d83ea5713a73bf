/** Testnets: one key per producer, seeds every node points at, the worker pool, addresses. */
import { describe, expect, it } from 'vitest';
import { compileExample, documents, errorsOf, fileTree, type KubeDoc } from './compile.ts';

let coda: Promise<Array<KubeDoc & { file: string }>> | undefined;
/** Every document of the coda example with the file it is in (compiled once for the whole file). */
function codaDocuments(): Promise<Array<KubeDoc & { file: string }>> {
  coda ??= compileExample('coda-testnet').then((result) => {
    expect(errorsOf(result)).toEqual([]);
    return [...fileTree(result)].flatMap(([file, contents]) => documents(contents).map((doc) => ({ ...doc, file })));
  });
  return coda;
}

const env = (doc: KubeDoc) => Object.fromEntries((doc.spec.template.spec.containers[0].env ?? []).map((entry: { name: string; value?: string }) => [entry.name, entry.value]));

describe('kubernetes target: testnets', () => {
  it('gives every producer its own key secret, never mounted by another node', async () => {
    type Volume = { name: string; secret: { secretName: string } };
    // secret-files is each workload's own Secret (its secret variables as files), never a key
    const keyVolumes = (doc: KubeDoc): Volume[] =>
      ((doc.spec.template.spec.volumes ?? []) as Volume[]).filter((volume) => {
        if (volume.name === 'secret-files') expect(volume.secret.secretName).toBe(doc.metadata.name);
        return volume.secret && volume.name !== 'secret-files';
      });
    const docs = await codaDocuments();
    const producers = docs.filter((doc) => doc.kind === 'Deployment' && doc.metadata.labels?.['infragen.io/role'] === 'producer');
    // coda-qa: 6 producers, snark-lab: 2, in each of the two environments
    expect(producers).toHaveLength(16);
    const mounts = new Map<string, string[]>();
    for (const producer of producers) {
      const secrets = keyVolumes(producer).map((volume: { secret: { secretName: string } }) => volume.secret.secretName);
      expect(secrets, producer.metadata.name).toHaveLength(1);
      const key = `${producer.metadata.namespace}/${secrets[0]}`;
      mounts.set(key, [...(mounts.get(key) ?? []), producer.metadata.name]);
    }
    for (const [secret, owners] of mounts) expect(owners, secret).toHaveLength(1);

    // no other workload mounts a key secret
    const keyMounts = docs
      .filter((doc) => doc.kind === 'Deployment')
      .flatMap((doc) => keyVolumes(doc).map(() => doc.metadata.name));
    expect(keyMounts.sort()).toEqual(producers.map((producer) => producer.metadata.name).sort());

    // and each key secret reads its own Secrets Manager entry
    const keys = docs.filter((doc) => doc.kind === 'ExternalSecret' && doc.metadata.name.endsWith('-key')).map((doc) => doc.spec.data[0].remoteRef.key);
    expect(keys).toHaveLength(16);
    expect(new Set(keys).size).toBe(16);
    expect(keys).toContain('coda-keys/qa/coda-qa/producer-6');
    expect(keys).toContain('coda-keys/public/snark-lab/producer-2');
  });

  it('spreads nodes round-robin per group and points every node at the seeds', async () => {
    const docs = await codaDocuments();
    const qaNodes = docs.filter((doc) => doc.kind === 'Deployment' && doc.metadata.namespace === 'testnets-qa-coda-qa' && doc.metadata.labels?.['infragen.io/role']);
    const regionOf = (name: string) => qaNodes.find((doc) => doc.metadata.name === name)!.file.split('/')[1];
    expect(['producer-1', 'producer-2', 'producer-3', 'producer-4'].map(regionOf)).toEqual(['us-west-2', 'eu-central-1', 'ap-southeast-1', 'us-west-2']);
    expect(['seed-1', 'seed-2'].map(regionOf)).toEqual(['us-west-2', 'eu-central-1']);

    const producer1 = qaNodes.find((doc) => doc.metadata.name === 'producer-1')!;
    expect(env(producer1)['SEED_PEERS']).toBe('seed-1.testnets-qa-coda-qa.svc.cluster.local:8302,seed-2.coda-qa.internal.qa.o1test.net:8302');
    for (const node of qaNodes.filter((doc) => doc.metadata.name !== 'seed-1')) expect(env(node)['SEED_PEERS'], node.metadata.name).toContain('seed-1');

    const seedServices = docs.filter((doc) => doc.kind === 'Service' && doc.metadata.namespace === 'testnets-qa-coda-qa' && doc.spec.clusterIP === 'None');
    expect(seedServices.map((doc) => doc.metadata.name).sort()).toEqual(['seed-1', 'seed-2']);
  });

  it('runs the worker pool as one Deployment next to its coordinator', async () => {
    const docs = await codaDocuments();
    const pool = docs.find((doc) => doc.kind === 'Deployment' && doc.metadata.namespace === 'testnets-qa-coda-qa' && doc.metadata.name === 'worker')!;
    expect(pool.spec.replicas).toBe(8);
    expect(env(pool)['COORDINATOR_HOST']).toBe('coordinator-1.testnets-qa-coda-qa.svc.cluster.local');
    const coordinator = docs.find((doc) => doc.kind === 'Deployment' && doc.metadata.namespace === 'testnets-qa-coda-qa' && doc.metadata.name === 'coordinator-1')!;
    expect(env(coordinator)['WORK_SELECTION']).toBe('seq');
    expect(pool.file.split('/')[1]).toBe(coordinator.file.split('/')[1]);
  });

  it('resolves ${testnet.x.port} to a seed host:port and makes public nodes addressable', async () => {
    const docs = await codaDocuments();
    const echo = docs.find((doc) => doc.kind === 'ConfigMap' && doc.metadata.name === 'echo' && doc.file.startsWith('qa/us-west-2/'))!;
    expect(echo.data!['CODA_GRAPHQL_URL']).toBe('http://seed-1.testnets-qa-coda-qa.svc.cluster.local:3085/graphql');
    const publicServices = docs.filter((doc) => doc.kind === 'Service' && doc.metadata.namespace === 'testnets-qa-coda-qa' && doc.metadata.name.endsWith('-public'));
    expect(publicServices).toHaveLength(9); // 2 seeds, 6 producers, 1 coordinator; the worker pool serves nobody
    expect(publicServices.map((doc) => doc.metadata.name)).not.toContain('worker-public');
    // snark-lab is not public
    expect(docs.some((doc) => doc.metadata.namespace === 'testnets-qa-snark-lab' && doc.metadata.name.endsWith('-public'))).toBe(false);
  });
});
