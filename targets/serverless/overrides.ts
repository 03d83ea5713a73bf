/**
 * `overrides.serverless`: a JSON merge patch on a function's definition in serverless.yml, named
 * `functions.<name>` as in the file. Checked against the function schema of the Serverless
 * Framework (osls), the schema the output is validated with; `${…}` variables are resolved by the
 * framework before it validates, so they fit any type.
 */
import type { FunctionDef, PatchSchema, SystemModel, TargetContext } from '../../compiler/plugin-api.ts';
import { checkMergePatch, namedOverrides, isPlainObject, overrideSpan, reportPatchFindings, unknownAddressHint } from '../../compiler/plugin-api.ts';
import schemas from './override-schema.json' with { type: 'json' };

const TARGET = 'serverless';
/** The deployed name: a patch that changes it would make another function. */
const IDENTITY_FIELDS = ['name'];

const functionAddress = (fn: FunctionDef) => `functions.${fn.name}`;

/** The patch on the function's definition, if its overrides name it (emit runs only once the check found every key to be its address). */
export function functionPatch(fn: FunctionDef): Record<string, unknown> | undefined {
  return namedOverrides(fn, TARGET).find((entry) => entry.address === functionAddress(fn))?.patch;
}

function checkFunction(fn: FunctionDef, context: TargetContext): void {
  const address = functionAddress(fn);
  for (const entry of namedOverrides(fn, TARGET)) {
    if (entry.address !== address) {
      context.error('SERVERLESS_OVERRIDE_UNKNOWN_OBJECT', `overrides.serverless of function "${fn.name}" names "${entry.address}", which is not its definition`, {
        span: overrideSpan(fn, entry.path),
        hint: unknownAddressHint(entry.address, [address], 'its definition is'),
      });
      continue;
    }
    for (const field of IDENTITY_FIELDS.filter((key) => key in entry.patch)) {
      context.error('SERVERLESS_OVERRIDE_IDENTITY', `the patch of ${address} sets "${field}": the deployed function would be another one`, {
        span: overrideSpan(fn, [...entry.path, field]),
        hint: 'the deployed name is `<system>-<env>-<name>`; rename the function in system.yaml instead',
      });
    }
    const rest = isPlainObject(entry.value) ? Object.fromEntries(Object.entries(entry.value).filter(([key]) => !IDENTITY_FIELDS.includes(key))) : entry.value;
    const findings = checkMergePatch(rest, schemas.function as unknown as PatchSchema, { definitions: schemas.definitions as Record<string, PatchSchema>, expressions: true });
    reportPatchFindings(context, fn, { address, path: entry.path, what: 'a serverless function' }, findings, {
      unknownFieldCode: 'SERVERLESS_OVERRIDE_UNKNOWN_FIELD',
      wrongTypeCode: 'SERVERLESS_OVERRIDE_WRONG_TYPE',
    });
  }
}

/** Every function's `overrides.serverless`, in every environment (the runner keeps each finding once). */
export function checkServerlessOverrides(model: SystemModel, context: TargetContext): void {
  for (const system of model.environments) {
    for (const fn of Object.values(system.functions)) if (fn.overrides?.[TARGET] !== undefined) checkFunction(fn, context);
  }
}
