/** The formats `infragen diff` understands, most specific first; the last ones take any file. */
import { composeFormat } from './compose.ts';
import type { FormatHandler } from './format.ts';
import { jsonFormat, textFormat, yamlFormat } from './generic.ts';
import { kubernetesFormat } from './kubernetes.ts';
import { serverlessFormat } from './serverless.ts';
import { terraformFormat } from './terraform.ts';

const FORMATS: readonly FormatHandler[] = [terraformFormat, serverlessFormat, composeFormat, kubernetesFormat, jsonFormat, yamlFormat, textFormat];

export function formatFor(relative: string, target: string, contents: string): FormatHandler {
  return FORMATS.find((format) => format.matches(relative, target, contents))!;
}

export type { FormatHandler, OutputObject } from './format.ts';
