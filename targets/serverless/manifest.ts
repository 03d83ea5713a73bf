/** What the registry and the target share: one copy of the serverless target's id, description, codes and user paths. */
import { SERVERLESS_DIAGNOSTICS } from './diagnostics.ts';
import { SERVERLESS_USER_PATHS } from './user-paths.ts';

export const SERVERLESS_MANIFEST = {
  id: 'serverless',
  description: 'serverless.yml (Serverless Framework v3 / osls) per environment and region: Lambda functions, API Gateway, queues and schedules',
  clouds: ['aws'],
  diagnostics: SERVERLESS_DIAGNOSTICS,
  userPaths: SERVERLESS_USER_PATHS,
} as const;
