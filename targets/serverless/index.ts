/**
 * The serverless target: one serverless.yml per environment and region that has functions
 * (`<env>/<region>/serverless.yml`). Decisions where the language is silent: README.md beside this file.
 */
import { toStableYaml } from '../../compiler/serialize.ts';
import { SERVERLESS_DIAGNOSTICS } from './diagnostics.ts';
import type { EmittedFile, Target } from '../../compiler/target.ts';
import { checkServerless, functionScopes } from './check.ts';
import { serviceDefinition } from './service.ts';
import { SERVERLESS_USER_PATHS } from './user-paths.ts';

const target: Target = {
  id: 'serverless',
  description: 'serverless.yml (Serverless Framework v3 / osls) per environment and region: Lambda functions, API Gateway, queues and schedules',
  check: checkServerless,
  diagnostics: SERVERLESS_DIAGNOSTICS,
  userPaths: SERVERLESS_USER_PATHS,
  emit(model, context) {
    return functionScopes(model, context).map((scope): EmittedFile => {
      const { document, sources } = serviceDefinition(scope);
      return { path: `${scope.env.name}/${scope.region}/serverless.yml`, contents: toStableYaml(document, { sortKeys: false }), sources };
    });
  },
};

export default target;
