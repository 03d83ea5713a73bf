/** `infragen graph` on the command line: formats, -o, --env/--region, and bad input as `validate` reports it. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempFolder } from '../helpers/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const HATHOR = path.join(ROOT, 'examples', 'hathor-wallet', 'system.yaml');

describe('infragen graph', () => {
  it('prints every format; html is one self-contained page', async () => {
    const html = await runCli(['graph', HATHOR, '-q']);
    expect(html.code).toBe(0);
    expect(html.stdout).toMatch(/^<!doctype html>/);
    expect(html.stdout).toContain("default-src 'none'");
    expect(html.stdout).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    expect((await runCli(['graph', HATHOR, '--format', 'svg', '-q'])).stdout).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect((await runCli(['graph', HATHOR, '--format', 'mermaid', '-q'])).stdout).toMatch(/^flowchart LR\n/);
    expect((await runCli(['graph', HATHOR, '--format', 'dot', '-q'])).stdout).toMatch(/^digraph "hathor-wallet mainnet" \{/);
    expect(JSON.parse((await runCli(['graph', HATHOR, '--format', 'json', '-q'])).stdout)).toMatchObject({ system: 'hathor-wallet', environment: 'mainnet' });
  });

  it('draws the environment and region asked for, and writes -o', async () => {
    const file = path.join(tempFolder('infragen-graph-'), 'graph.json');
    const result = await runCli(['graph', HATHOR, '--env', 'mainnet', '--region', 'eu-central-1', '--format', 'json', '-o', file]);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toMatch(/graph\.json: \d+ nodes, \d+ edges \(hathor-wallet, environment mainnet, region eu-central-1\)/);
    const graph = JSON.parse(readFileSync(file, 'utf8'));
    expect(graph.region).toBe('eu-central-1');
    expect(graph.nodes.map((node: { id: string }) => node.id)).toContain('service.fullnode');
    expect(graph.nodes.map((node: { id: string }) => node.id)).not.toContain('service.daemon');
  });

  it('usage errors exit 2: an unknown format, environment or region', async () => {
    expect(await runCli(['graph', HATHOR, '--format', 'png'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--format must be html, svg, mermaid, dot, json') });
    expect(await runCli(['graph', HATHOR, '--env', 'staging', '-q'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no environment "staging"; environments: mainnet, testnet') });
    expect(await runCli(['graph', HATHOR, '--env', 'testnet', '--region', 'eu-central-1', '-q'])).toMatchObject({ code: 2, stderr: expect.stringContaining('has no region "eu-central-1"') });
  });

  it('an invalid system: the diagnostics of validate, exit 1, nothing drawn', async () => {
    const folder = tempFolder('infragen-graph-');
    const file = path.join(folder, 'system.yaml');
    writeFileSync(file, 'infragen: 1\nsystem: shop\nservices:\n  api: { image: a:1, uses: [database.nope] }\n');
    const graph = await runCli(['graph', 'system.yaml'], folder);
    const validate = await runCli(['validate', 'system.yaml'], folder);
    expect(graph.code).toBe(1);
    expect(graph.stdout).toBe('');
    expect(graph.stderr).toContain('UNKNOWN_REFERENCE');
    expect(graph.stderr).toBe(validate.stderr);
  });
});
