/** What in a service folder is the user's: the framework's `.serverless/` build folder, dotenv files, and plugins installed with npm. */
export const SERVERLESS_USER_PATHS = ['**/.serverless/**', '**/.env', '**/.env.*', '**/node_modules/**', '**/package.json', '**/package-lock.json'] as const;
