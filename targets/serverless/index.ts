/**
 * The serverless target: one serverless.yml per environment and region that has functions
 * (`<env>/<region>/serverless.yml`). Decisions where the language is silent: README.md beside this file.
 */
import type { FunctionDef } from '../../compiler/model/types.ts';
import { toStableYaml } from '../../compiler/serialize.ts';
import type { EmittedFile, Target } from '../../compiler/target.ts';
import { serviceDefinition } from './service.ts';
import { SERVERLESS_USER_PATHS } from './user-paths.ts';

const target: Target = {
  id: 'serverless',
  description: 'serverless.yml (Serverless Framework v3 / osls) per environment and region: Lambda functions, API Gateway, queues and schedules',
  userPaths: SERVERLESS_USER_PATHS,
  emit(model, context) {
    const files: EmittedFile[] = [];
    for (const resolved of model.environments) {
      const env = resolved.environment!;
      for (const region of env.regions) {
        const functions: Record<string, FunctionDef> = Object.fromEntries(Object.entries(resolved.functions).filter(([, fn]) => fn.regions.includes(region)));
        if (Object.keys(functions).length === 0) continue;
        const { document, sources } = serviceDefinition({ model, resolved, env, region, functions, context });
        files.push({ path: `${env.name}/${region}/serverless.yml`, contents: toStableYaml(document, { sortKeys: false }), sources });
      }
    }
    return files;
  },
};

export default target;
