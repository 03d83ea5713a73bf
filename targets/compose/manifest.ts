/** What the registry and the target share: one copy of the compose target's id, description, codes and user paths. */
import { COMPOSE_DIAGNOSTICS } from './diagnostics.ts';
import { COMPOSE_USER_PATHS } from './user-paths.ts';

export const COMPOSE_MANIFEST = {
  id: 'compose',
  description: 'docker-compose files: the whole system locally, plus one override file per environment',
  diagnostics: COMPOSE_DIAGNOSTICS,
  userPaths: COMPOSE_USER_PATHS,
} as const;
