/** The HitSave seed: one compose stack, production differing only by its override file. */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Tagged } from './compose-merge.ts';
import { compileCompose, type ComposeResult } from './compile-inline.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
let result: ComposeResult;
let base: any;

beforeAll(async () => {
  result = await compileCompose(path.join(ROOT, 'examples', 'hitsave', 'system.yaml'));
  base = result.documents['docker-compose.yml'];
});

/** Every `restart` value in a parsed compose document, by service. */
const restarts = (document: any) =>
  Object.fromEntries(Object.entries(document.services ?? {}).filter(([, s]: [string, any]) => 'restart' in s).map(([name, s]: [string, any]) => [name, s.restart]));

describe('hitsave on docker-compose', () => {
  it('runs the migration once and starts the API only after it succeeded', () => {
    expect(base.services.migrate.restart).toBe('no');
    expect(base.services.migrate.build).toEqual({ context: '${INFRAGEN_SOURCE_DIR:-../..}', dockerfile: 'deploy/migrate.Dockerfile' });
    expect(base.services.migrate.depends_on).toEqual({ 'app-db': { condition: 'service_healthy' } });
    expect(base.services.api.depends_on.migrate).toEqual({ condition: 'service_completed_successfully' });
  });

  it('hands secrets over as files under /run/secrets, never as values', () => {
    expect(base.secrets['github-client-secret']).toEqual({ file: './secrets/github-client-secret' });
    expect(base.services.api.secrets).toEqual(['app-db-password', 'github-client-secret', 's3-access-key-id', 's3-secret-access-key']);
    expect(base.services.api.environment.GITHUB_CLIENT_SECRET_FILE).toBe('/run/secrets/github-client-secret');
    expect(base.services.api.environment.AWS_SECRET_ACCESS_KEY_FILE).toBe('/run/secrets/s3-secret-access-key');
    expect(base.services.api.environment).not.toHaveProperty('GITHUB_CLIENT_SECRET');
    expect(base.services['app-db'].environment.POSTGRES_PASSWORD_FILE).toBe('/run/secrets/app-db-password');
    expect(result.files['secrets/README.md']).toContain('`secrets/github-client-secret`');
    expect(result.files['secrets/.gitignore']).toContain('*\n!.gitignore\n!README.md\n');
    expect(Object.keys(result.files).filter((file) => file.startsWith('secrets/')).sort()).toEqual(['secrets/.gitignore', 'secrets/README.md']);
  });

  it('keeps the database in a named volume, ready when pg_isready says so', () => {
    const db = base.services['app-db'];
    expect(db.image).toBe('postgres:15.7');
    expect(db.volumes).toEqual([{ type: 'volume', source: 'app-db-data', target: '/var/lib/postgresql/data' }]);
    expect(base.volumes).toHaveProperty('app-db-data');
    expect(db.healthcheck.test.slice(0, 2)).toEqual(['CMD', 'pg_isready']);
    expect(base.services.api.environment.DATABASE_URL).toBe('postgresql://hitsave@app-db:5432/hitsave');
  });

  it('uses restart: always only in the production override', () => {
    expect(Object.values(restarts(base))).not.toContain('always');
    expect(Object.values(restarts(result.documents['docker-compose.staging.override.yml']))).not.toContain('always');
    const production = result.documents['docker-compose.production.override.yml'];
    expect(restarts(production)).toEqual({ api: 'always', 'app-db': 'always', localstack: 'always', nginx: 'always', web: 'always' });
    expect(production.services.api.deploy).toEqual({ replicas: 2 });
    expect(production.services.api.environment.GITHUB_CLIENT_ID).toBe('Iv1.8e9f0a1b2c3d4e5f');
  });

  it('publishes only nginx, on loopback locally and on every interface in an environment', () => {
    const published = Object.entries(base.services).filter(([, s]: [string, any]) => s.ports).map(([name]) => name);
    expect(published).toEqual(['nginx']);
    expect(base.services.nginx.ports.map((p: any) => [p.host_ip, p.published, p.target])).toEqual([['127.0.0.1', '80', 80], ['127.0.0.1', '443', 443]]);
    const ports = result.documents['docker-compose.production.override.yml'].services.nginx.ports;
    expect(ports).toBeInstanceOf(Tagged);
    expect(ports.tag).toBe('!override');
    expect(ports.value.map((p: any) => p.host_ip)).toEqual([undefined, undefined]);
  });

  it('creates the buckets in LocalStack and points the API at it', () => {
    expect(result.files['localstack/init/ready.d/init-aws.sh']).toContain('awslocal s3api create-bucket --bucket hitsave-local-blobs --create-bucket-configuration LocationConstraint=eu-west-2');
    expect(base.services.api.environment.BLOBS_BUCKET).toBe('hitsave-local-blobs');
    expect(base.services.api.environment.AWS_ENDPOINT_URL).toBe('http://localstack:4566');
    expect(base.services.api.depends_on.localstack).toEqual({ condition: 'service_healthy' });
  });
});
