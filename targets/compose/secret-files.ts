/**
 * `secrets/`: the folder the compose secrets are read from. Only a README listing the files to
 * create and a .gitignore that keeps their values out of git are generated, never a value.
 */
import type { EmittedFile, SystemModel } from '../../compiler/plugin-api.ts';
import { DATABASE_URL_SCHEMES } from '../../compiler/plugin-api.ts';
import { databasePasswordSecret, databaseUrlSecret } from './local-names.ts';

export function secretFiles(model: SystemModel, names: string[]): EmittedFile[] {
  const databases = new Map(Object.values(model.base.databases).flatMap((db) => [[databasePasswordSecret(db.name), db], [databaseUrlSecret(db.name), db]] as const));
  const rows = [...names].sort().map((name) => {
    const declared = model.base.secrets[name];
    const database = databases.get(name);
    const what = declared
      ? declared.description ?? `secret.${name}`
      : name === databaseUrlSecret(database!.name)
        ? `URL of database.${database!.name} with its password: \`${DATABASE_URL_SCHEMES[database!.engine]}://${database!.user}:<password>@${database!.name}:${database!.port}/${database!.dbName}\`, the password of \`secrets/${databasePasswordSecret(database!.name)}\` (URL-encoded)`
        : `password of database.${database!.name} (user ${database!.user}); any value, set before its first start`;
    return `| \`secrets/${name}\` | ${what.replace(/\|/g, '\\|')} |`;
  });
  const sources = names.map((name) => (databases.has(name) ? `database.${databases.get(name)!.name}` : `secret.${name}`));
  const readme = [
    `# Secrets of ${model.name} for docker-compose`,
    '',
    'Create one file per secret in this folder, holding only the value (no trailing newline needed).',
    'Compose mounts each at `/run/secrets/<name>` in the containers that read it; a container finds',
    'the path in `<VAR>_FILE`. The files are ignored by git (see `.gitignore`); infragen never writes them.',
    '',
    '| file | what |',
    '|---|---|',
    ...rows,
    '',
  ].join('\n');
  return [
    { path: 'secrets/README.md', contents: readme, sources },
    { path: 'secrets/.gitignore', contents: '# Secret values never enter git: only this file and the README are tracked.\n*\n!.gitignore\n!README.md\n', sources },
  ];
}
