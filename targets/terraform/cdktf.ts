/**
 * What this target uses of cdktf and constructs, loaded with CommonJS `require` for the reason
 * `aws.ts` gives: imported as ES modules, Node scans the source of each CommonJS module (and of
 * every module cdktf's index re-exports) for its export names first. cdktf's index loads first,
 * so its circular modules initialise in their own order before the deep paths are read.
 */
// Aliased: a bundle's banner may declare its own `createRequire` (scripts/bundle.mjs, the tests' bundles).
import { createRequire as createCommonJsRequire } from 'node:module';

const load = createCommonJsRequire(import.meta.url);

export const { LocalBackend, S3Backend, TerraformDataSource, TerraformElement, TerraformOutput, TerraformProvider, TerraformResource, TerraformStack } = load('cdktf') as typeof import('cdktf');
export type LocalBackend = import('cdktf').LocalBackend;
export type S3Backend = import('cdktf').S3Backend;
export type TerraformDataSource = import('cdktf').TerraformDataSource;
export type TerraformElement = import('cdktf').TerraformElement;
export type TerraformOutput = import('cdktf').TerraformOutput;
export type TerraformProvider = import('cdktf').TerraformProvider;
export type TerraformResource = import('cdktf').TerraformResource;
export type TerraformStack = import('cdktf').TerraformStack;
export const { Construct } = load('constructs') as typeof import('constructs');
export type Construct = import('constructs').Construct;
export const { deepMerge, keysToSnakeCase, processDynamicAttributes } = load('cdktf/lib/util.js') as typeof import('cdktf/lib/util.js');
export const { lifecycleToTerraform } = load('cdktf/lib/terraform-resource.js') as typeof import('cdktf/lib/terraform-resource.js');
export const { TerraformDynamicBlock } = load('cdktf/lib/terraform-dynamic-block.js') as typeof import('cdktf/lib/terraform-dynamic-block.js');
export const { resolve: resolveTokens } = load('cdktf/lib/_tokens.js') as typeof import('cdktf/lib/_tokens.js');
export const { ref } = load('cdktf/lib/tfExpression.js') as typeof import('cdktf/lib/tfExpression.js');
export const { TokenMap } = load('cdktf/lib/tokens/private/token-map.js') as typeof import('cdktf/lib/tokens/private/token-map.js');
