/**
 * Images built from source get an immutable tag, never an implicit `latest`: `--image-tag`, else
 * IMAGE_TAG, else the environment's `image.tag`, else the system's `version`; the same tag in
 * every target; an error where an environment deploys a build with no tag.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { imageTagOption } from '../../compiler/cli/main.ts';
import { runCli, tempFolder } from '../helpers/cli.ts';
import { compileWithTarget, INLINE_ENTRY } from '../helpers/compile.ts';

const SYSTEM = (top: string, prodImage = '') => `infragen: 1
system: shop
${top}
environments:
  prod: { regions: [eu-west-1], account: "123456789012"${prodImage} }
  staging: { regions: [eu-west-1], account: "123456789012" }
services:
  api:
    build: { context: ./api }
    ports: { http: 8080 }
`;

const imagesIn = (text: string) => [...text.matchAll(/image: (\S+)/g)].map((match) => match[1]);

describe('image tags', () => {
  it('tags Kubernetes and compose images with the system version', async () => {
    const kubernetes = await compileWithTarget('kubernetes', INLINE_ENTRY, SYSTEM('version: 1.2.3'));
    expect(imagesIn(kubernetes.files['prod/eu-west-1/shop/api.yaml']!)).toEqual(['123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-prod-api:1.2.3']);
    const compose = await compileWithTarget('compose', INLINE_ENTRY, SYSTEM('version: 1.2.3'));
    expect(imagesIn(compose.files['docker-compose.yml']!)).toEqual(['shop-api:1.2.3']);
  });

  it('prefers the environment image.tag over the version, per environment', async () => {
    const { files } = await compileWithTarget('kubernetes', INLINE_ENTRY, SYSTEM('version: 1.2.3', ', image: { tag: "2026.01.05" }'));
    expect(imagesIn(files['prod/eu-west-1/shop/api.yaml']!)[0]).toMatch(/:2026\.01\.05$/);
    expect(imagesIn(files['staging/eu-west-1/shop/api.yaml']!)[0]).toMatch(/:1\.2\.3$/);
  });

  it('reports IMAGE_TAG_REQUIRED at the build line of every environment without a tag, and tags local builds `local`', async () => {
    const { diagnostics, result } = await compileWithTarget('kubernetes', INLINE_ENTRY, SYSTEM('', ', image: { tag: "9f2c1ab" }'));
    const required = result.diagnostics.filter((diagnostic) => diagnostic.code === 'IMAGE_TAG_REQUIRED');
    expect(required.map((diagnostic) => diagnostic.message)).toEqual(['service "api" is built from source, but environment "staging" has no image tag for it']);
    expect(required[0]!.span?.start.line).toBe(9);
    expect(diagnostics.some((diagnostic) => diagnostic.severity === 'error')).toBe(true);
    const local = await compileWithTarget('compose', INLINE_ENTRY, SYSTEM('', ', image: { tag: "9f2c1ab" }').replace(/environments:[\s\S]*?services:/, 'services:'));
    expect(imagesIn(local.files['docker-compose.yml']!)).toEqual(['shop-api:local']);
  });

  it('refuses `latest` as a version or tag', async () => {
    const { result } = await compileWithTarget('kubernetes', INLINE_ENTRY, SYSTEM('version: latest'));
    expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toContain('INVALID_FORMAT');
    expect(() => imageTagOption('latest', {})).toThrow(/not an image tag/);
    expect(() => imageTagOption(undefined, { IMAGE_TAG: 'a b' })).toThrow(/IMAGE_TAG "a b"/);
  });

  describe('on the command line', () => {
    const saved = process.env.IMAGE_TAG;
    afterEach(() => {
      process.env.IMAGE_TAG = saved;
    });

    it('--image-tag wins over IMAGE_TAG, which wins over the file; validate and build agree', async () => {
      const dir = tempFolder('infragen-tags-');
      const file = path.join(dir, 'system.yaml');
      writeFileSync(file, SYSTEM('', ', image: { tag: "from-file" }'));
      const out = path.join(dir, 'out');
      const deployed = () => imagesIn(readFileSync(path.join(out, 'kubernetes/prod/eu-west-1/shop/api.yaml'), 'utf8'))[0];

      process.env.IMAGE_TAG = '';
      expect((await runCli(['validate', file])).code).toBe(1);
      expect((await runCli(['build', file, '-o', out, '--target', 'kubernetes'])).code).toBe(1);

      process.env.IMAGE_TAG = 'from-env';
      expect((await runCli(['validate', file])).code).toBe(0);
      expect((await runCli(['build', file, '-o', out, '--target', 'kubernetes'])).code).toBe(0);
      expect(deployed()).toMatch(/:from-env$/);

      expect((await runCli(['build', file, '-o', out, '--target', 'kubernetes', '--image-tag', 'from-flag'])).code).toBe(0);
      expect(deployed()).toMatch(/:from-flag$/);
      expect((await runCli(['build', file, '-o', out, '--image-tag', 'latest'])).code).toBe(2);
    });
  });
});
