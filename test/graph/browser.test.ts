/**
 * The HTML diagram in a real browser: headless Chromium from the machine's packages (never a
 * browser download) driven by playwright-core. For every example the page loads from file://
 * with no console error and no request, every node is inside the viewport after "fit", no two
 * node boxes overlap, hover shows the system.yaml line, and the screenshot (kept under
 * test-artifacts/graph/) is not blank. Mermaid output is checked with mermaid's own parser.
 *
 * Without Chromium the suite is skipped locally, and fails under CI=true (.ci/run installs it). It is
 * in the slow tier (test/helpers/tiers.ts).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changePicture } from '../../compiler/graph/change-picture.ts';
import { renderMermaid } from '../../compiler/graph/mermaid.ts';
import { buildGraph } from '../../compiler/graph/model.ts';
import { validateSystem } from '../../compiler/pipeline.ts';
import type { DiffReport } from '../../compiler/diff/types.ts';
import { runCli } from '../helpers/cli.ts';
import { caseFolders } from '../helpers/golden.ts';
import { SLOW_TESTS, SLOW_TIER } from '../helpers/tiers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'graph');
const EXAMPLES = caseFolders(path.join(ROOT, 'examples'));
const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((candidate) => candidate && existsSync(candidate));
const IN_CI = Boolean(process.env.CI) && process.env.CI !== 'false';
const VIEWPORT = { width: 1600, height: 1000 };

const suite = describe.skipIf(!SLOW_TESTS || !(CHROMIUM || IN_CI));

suite(`the HTML diagram in headless Chromium ${SLOW_TIER}`, { timeout: 180_000 }, () => {
  let browser: Browser;
  beforeAll(async () => {
    if (!CHROMIUM) throw new Error('chromium is not installed (apt-get install chromium); CI must run the browser tests');
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 120_000);
  afterAll(async () => browser?.close());

  it.each(EXAMPLES)('%s: loads offline, fits, no overlaps, hover shows the line, screenshot not blank', async (example) => {
    const htmlFile = path.join(ARTIFACTS, `${example}.html`);
    const cli = await runCli(['graph', path.join(ROOT, 'examples', example, 'system.yaml'), '-o', htmlFile, '-q']);
    expect(cli).toMatchObject({ code: 0, stderr: '' });
    const url = pathToFileURL(htmlFile).href;

    const page = await browser.newPage({ viewport: VIEWPORT });
    const problems: string[] = [];
    page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`); });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => { if (request.url() !== url) problems.push(`request: ${request.url()}`); });
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]');
    await page.click('#zoom-in');
    await page.click('#fit');

    const boxes = await page.$$eval('#viewport .node', (nodes) => nodes.map((node) => {
      const rect = node.getBoundingClientRect();
      return { id: (node as SVGElement).dataset.id!, line: (node as SVGElement).dataset.line, left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom };
    }));
    const entities = JSON.parse(readFileSync(htmlFile, 'utf8').match(/<script type="application\/json" id="entities">(.*?)<\/script>/s)![1]!) as Record<string, unknown>;
    expect(boxes.map((box) => box.id).sort()).toEqual(Object.keys(entities).sort());
    const area = await page.$eval('#viewport', (element) => { const rect = element.getBoundingClientRect(); return { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom }; });
    for (const box of boxes) {
      expect(box.left >= area.left - 0.5 && box.right <= area.right + 0.5 && box.top >= area.top - 0.5 && box.bottom <= area.bottom + 0.5, `${box.id} is inside the viewport`).toBe(true);
    }
    for (const [index, a] of boxes.entries()) {
      for (const b of boxes.slice(index + 1)) {
        const apart = a.right <= b.left + 0.5 || b.right <= a.left + 0.5 || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5;
        expect(apart, `${a.id} and ${b.id} overlap`).toBe(true);
      }
    }

    const target = boxes.find((box) => box.line)!;
    await page.hover(`#viewport .node[data-id="${target.id}"]`);
    const card = page.locator('#card');
    await expect.poll(() => card.isVisible()).toBe(true);
    expect(await card.textContent()).toContain(`system.yaml:${target.line}`);
    await page.click(`#viewport .node[data-id="${target.id}"]`);
    await expect.poll(() => page.locator('#toast').textContent()).toContain(`system.yaml:${target.line}`);

    const screenshot = await page.screenshot({ path: path.join(ARTIFACTS, `${example}.png`) });
    expect(await distinctColours(browser, screenshot), 'distinct colours in the screenshot').toBeGreaterThanOrEqual(12);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Mermaid output of every example, and of a diff picture, parses with mermaid', async () => {
    const texts = EXAMPLES.map((example) => renderMermaid(buildGraph(validateSystem(path.join(ROOT, 'examples', example, 'system.yaml')).model!)));
    const model = validateSystem(path.join(ROOT, 'examples', 'guardian-partner', 'system.yaml')).model!;
    const report = { scopes: [{ changes: [
      { kind: 'changed', attribution: { entity: 'table.orders', file: 'system.yaml', line: 1, side: 'head' } },
      { kind: 'removed', attribution: { entity: 'queue.gone', file: 'system.yaml', line: 1, side: 'base' } },
    ] }] } as unknown as DiffReport;
    texts.push(changePicture({ report, head: model })!);
    const page = await browser.newPage();
    await page.addScriptTag({ path: path.join(ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js') });
    const parse = (text: string) => page.evaluate(async (source) => {
      try {
        await (window as unknown as { mermaid: { parse(text: string): Promise<unknown> } }).mermaid.parse(source);
        return 'ok';
      } catch (error) {
        return String((error as Error).message ?? error);
      }
    }, text);
    for (const text of texts) expect(await parse(text)).toBe('ok');
    expect(await parse('flowchart LR\n  a["unclosed --> b')).not.toBe('ok');
    await page.close();
  });
});

/** Colours in a PNG, counted by drawing it on a canvas (quantised to 4 bits per channel). */
async function distinctColours(browser: Browser, png: Buffer): Promise<number> {
  const page = await browser.newPage();
  const count = await page.evaluate(async (data) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const pixels = context.getImageData(0, 0, image.width, image.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < pixels.length; i += 4) seen.add(((pixels[i]! >> 4) << 8) | ((pixels[i + 1]! >> 4) << 4) | (pixels[i + 2]! >> 4));
    return seen.size;
  }, png.toString('base64'));
  await page.close();
  return count;
}
