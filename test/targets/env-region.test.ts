/** `${env.region}` is the region of the output it lands in, in every target (issue 18 item 4, issue 19). */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { templateInRegion } from '../../compiler/plugin-api.ts';
import { compileWithTarget, INLINE_ENTRY } from '../helpers/compile.ts';
import { documents } from './kubernetes/compile.ts';

const system = `
infragen: 1
system: shop
defaults: { region: eu-west-1 }
environments:
  prod: { account: "123456789012", regions: [us-east-1, eu-central-1], domain: shop.example.com }
queues:
  jobs: { regions: all }
services:
  api:
    image: shop/api:1.0
    ports: { http: 8080 }
    regions: all
    env: { REGION: "\${env.region}", QUEUE: "\${queue.jobs.url}#\${env.region}" }
    consumes: [queue.jobs]
functions:
  tick:
    handler: dist/tick.handler
    regions: all
    env: { REGION: "\${env.region}", LABEL: "\${system}-\${env.region}" }
`;

const compile = async (target: string) => {
  const { files, diagnostics } = await compileWithTarget(target, INLINE_ENTRY, system);
  expect(diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  return files;
};

describe('${env.region}', () => {
  it('templateInRegion puts the region in and joins the literals around it', () => {
    const template = { text: 'a-${env.region}-${queue.q.url}', parts: [{ literal: 'a-' }, { env: 'region' as const }, { literal: '-' }, { kind: 'queue' as const, name: 'q', attribute: 'url' }] };
    expect(templateInRegion(template, 'eu-west-1')).toEqual({
      text: 'a-eu-west-1-${queue.q.url}',
      parts: [{ literal: 'a-eu-west-1-' }, { kind: 'queue', name: 'q', attribute: 'url' }],
    });
  });

  it('kubernetes: each region folder gets its own region', async () => {
    const files = await compile('kubernetes');
    for (const region of ['us-east-1', 'eu-central-1']) {
      const docs = documents(files[`prod/${region}/shop/api.yaml`]!);
      const configMap = docs.find((doc) => doc.kind === 'ConfigMap')!;
      expect(configMap.data!.REGION).toBe(region);
      const externalSecret = docs.find((doc) => doc.kind === 'ExternalSecret')!;
      expect(externalSecret.spec.target.template.data.QUEUE).toBe(`{{ .queue_jobs_url }}#${region}`);
    }
  });

  it('serverless: each region file gets its own region', async () => {
    const files = await compile('serverless');
    for (const region of ['us-east-1', 'eu-central-1']) {
      const environment = parse(files[`prod/${region}/serverless.yml`]!).functions.tick.environment;
      expect(environment.REGION).toBe(region);
      expect(environment.LABEL).toBe(`shop-${region}`);
    }
  });

  it('compose: the local stack has defaults.region, an environment override its primary region', async () => {
    const files = await compile('compose');
    expect(parse(files['docker-compose.yml']!).services.api.environment.REGION).toBe('eu-west-1');
    expect(parse(files['docker-compose.prod.override.yml']!).services.api.environment.REGION).toBe('us-east-1');
  });

  it('terraform: no template text reaches a stack', async () => {
    const files = await compile('terraform');
    expect(Object.keys(files).filter((file) => file.startsWith('prod/')).length).toBeGreaterThan(1);
    for (const contents of Object.values(files)) expect(contents).not.toContain('env.region');
  });
});
