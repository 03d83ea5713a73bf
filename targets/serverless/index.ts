/**
 * The serverless target: one serverless.yml per environment and region that has functions
 * (`<env>/<region>/serverless.yml`). Decisions where the language is silent: README.md beside this file.
 */
import type { EmittedFile, Target } from '../../compiler/plugin-api.ts';
import { completeRecords, environmentRecord, toStableYaml } from '../../compiler/plugin-api.ts';
import { SERVERLESS_MANIFEST } from './manifest.ts';
import { checkServerless, functionScopes } from './check.ts';
import { SERVERLESS_DIFF, serverlessObjects } from './diff.ts';
import { serviceDefinition } from './service.ts';

const target: Target = {
  ...SERVERLESS_MANIFEST,
  check: checkServerless,
  diff: SERVERLESS_DIFF,
  emit(model, context) {
    return functionScopes(model, context).map((scope): EmittedFile => {
      const { document, sources, objects } = serviceDefinition(scope);
      const path = `${scope.env.name}/${scope.region}/serverless.yml`;
      // What no function owns (`provider`, `custom`, the service's own keys) is the environment's.
      const ids = serverlessObjects(path, document).map((object) => object.id);
      return { path, contents: toStableYaml(document, { sortKeys: false }), sources, objects: completeRecords(objects, ids, (id) => environmentRecord(id, scope.env)) };
    });
  },
};

export default target;
