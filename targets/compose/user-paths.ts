/** What in the compose folder is the user's: secret values (`secrets/<name>`), a `.env` and a local override file. */
export const COMPOSE_USER_PATHS = ['secrets/*', '.env', 'docker-compose.override.yml'] as const;
