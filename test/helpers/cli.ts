/** Running the CLI in process, and the temp folders its tests write to. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { main } from '../../compiler/cli/main.ts';

/** `infragen <args>` in this process, colour off, from `cwd` when given: its exit code and what it printed. */
export async function runCli(args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const previous = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const code = await main(args, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), color: false });
    return { code, stdout, stderr };
  } finally {
    if (cwd) process.chdir(previous);
  }
}

/** A fresh temp folder, removed when the current test finishes (call it in a test or a beforeEach). */
export function tempFolder(prefix: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}
