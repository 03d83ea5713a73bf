/**
 * The serverless target: one serverless.yml per environment and region that has functions
 * (`<env>/<region>/serverless.yml`). Decisions where the language is silent: README.md beside this file.
 */
import type { EmittedFile, Target } from '../../compiler/plugin-api.ts';
import { toStableYaml } from '../../compiler/plugin-api.ts';
import { SERVERLESS_MANIFEST } from './manifest.ts';
import { checkServerless, functionScopes } from './check.ts';
import { SERVERLESS_DIFF } from './diff.ts';
import { serviceDefinition } from './service.ts';

const target: Target = {
  ...SERVERLESS_MANIFEST,
  check: checkServerless,
  diff: SERVERLESS_DIFF,
  emit(model, context) {
    return functionScopes(model, context).map((scope): EmittedFile => {
      const { document, sources, objects } = serviceDefinition(scope);
      return { path: `${scope.env.name}/${scope.region}/serverless.yml`, contents: toStableYaml(document, { sortKeys: false }), sources, objects };
    });
  },
};

export default target;
