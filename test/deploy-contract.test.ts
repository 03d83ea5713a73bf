/**
 * The deploy contract, proven on every example's out/ (the files a user applies), not on the
 * compiler's internals: for every workload, each credential it needs is delivered and permitted,
 * each `uses:` edge to a data store has an open network path and no other data store is open to
 * it, its image has an immutable tag, and no secret value is resolved into a file (the ECS example
 * plugin's output included).
 * See docs/deploy.md for the model these checks follow.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'out');
const EXAMPLES = readdirSync(OUT, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = any;

const folders = (dir: string) => (existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort() : []);
function files(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** An image reference that cannot move: a tag other than `latest`, or a digest. */
const IMMUTABLE_IMAGE = /^(?:[^@\s]+@sha256:[0-9a-f]{64}|[^@\s]+\/?[^/:@\s]+:(?!latest$)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/;

/** `uses:` of the system's container workloads and functions, per environment override too. */
function usesOf(example: string): { containers: Map<string, string[]>; stores: Map<string, number> } {
  const system = parse(readFileSync(path.join(ROOT, 'examples', example, 'system.yaml'), 'utf8'));
  const containers = new Map<string, string[]>();
  for (const collection of ['services', 'jobs']) {
    for (const [name, workload] of Object.entries<Doc>(system[collection] ?? {})) containers.set(name, workload.uses ?? []);
  }
  const stores = new Map<string, number>();
  for (const [name, db] of Object.entries<Doc>(system.databases ?? {})) stores.set(`database.${name}`, db.port ?? (db.engine === 'mysql' ? 3306 : 5432));
  for (const [name, cache] of Object.entries<Doc>(system.caches ?? {})) stores.set(`cache.${name}`, cache.port ?? 6379);
  return { containers, stores };
}

/** The EKS cluster an environment names, if any. */
function clusterOf(example: string, env: string): string | undefined {
  return parse(readFileSync(path.join(ROOT, 'examples', example, 'system.yaml'), 'utf8')).environments?.[env]?.kubernetes?.cluster;
}

/** The Terraform stacks of an environment, every region. */
function terraformOf(example: string, env: string): Doc[] {
  return files(path.join(OUT, example, 'terraform', env), 'main.tf.json').map((file) => JSON.parse(readFileSync(file, 'utf8')));
}

/** The statements of the IAM role named `roleName`, from the stack that holds it. */
function roleStatements(stacks: Doc[], roleName: string): Doc[] | undefined {
  for (const stack of stacks) {
    const roles = stack.resource?.aws_iam_role ?? {};
    const id = Object.keys(roles).find((key) => roles[key].name === roleName);
    if (id) return stack.data.aws_iam_policy_document[`access_${id}`].statement;
  }
  return undefined;
}

const reads = (statement: Doc) => statement.actions.includes('secretsmanager:GetSecretValue');

describe.each(EXAMPLES)('deploy contract: %s', (example) => {
  const everything = files(path.join(OUT, example), '').filter((file) => !file.endsWith('.svg'));

  it('resolves no secret value into any file', () => {
    for (const file of everything) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/aws\/reference\/secretsmanager|ssm\(raw|ssm\([^)]*raw\)/);
    }
    for (const stack of files(path.join(OUT, example, 'terraform'), 'main.tf.json').map((file) => JSON.parse(readFileSync(file, 'utf8')))) {
      for (const db of Object.values<Doc>(stack.resource?.aws_db_instance ?? {})) {
        expect(db.password).toBeUndefined();
        // a read replica takes its credentials from its source
        if (!db.replicate_source_db) expect(db.manage_master_user_password).toBe(true);
      }
    }
  });

  for (const env of folders(path.join(OUT, example, 'kubernetes'))) {
    it(`kubernetes ${env}: credentials delivered and permitted, images immutable, data stores reached exactly as used`, () => {
      const { containers, stores } = usesOf(example);
      const stacks = terraformOf(example, env);
      const docs = files(path.join(OUT, example, 'kubernetes', env), '.yaml').flatMap((file) =>
        parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => doc.toJS()).filter(Boolean),
      );
      const named = (kind: string, name: string, namespace: string) => docs.find((doc) => doc.kind === kind && doc.metadata.name === name && doc.metadata.namespace === namespace);
      const workloads = docs.filter((doc) => ['Deployment', 'StatefulSet', 'Job', 'CronJob'].includes(doc.kind));
      expect(workloads.length).toBeGreaterThan(0);
      for (const workload of workloads) {
        const { name, namespace } = workload.metadata;
        const label = `${env} ${workload.kind}/${namespace}/${name}`;
        const pod = workload.kind === 'CronJob' ? workload.spec.jobTemplate.spec.template.spec : workload.spec.template.spec;
        for (const container of pod.containers) expect(container.image, label).toMatch(IMMUTABLE_IMAGE);

        const externalSecret = named('ExternalSecret', name, namespace);
        const configMap = named('ConfigMap', name, namespace);
        const templated: Record<string, string> = externalSecret?.spec.target.template?.data ?? {};
        const credentials = Object.entries(templated).filter(([, value]) => /\.(secret_\w+|database_\w+_master)\b/.test(value));
        if (credentials.length === 0) continue;

        // delivered: each value the template reads is fetched, and the variable is also a file
        const fetched = new Map<string, Doc>();
        for (const entry of externalSecret.spec.data ?? []) fetched.set(entry.secretKey, entry);
        for (const entry of externalSecret.spec.dataFrom ?? []) fetched.set(entry.rewrite[0].regexp.target, entry);
        const account = named('ServiceAccount', pod.serviceAccountName, namespace)?.metadata.annotations?.['eks.amazonaws.com/role-arn'];
        // IAM roles trust a cluster's OIDC provider: without kubernetes.cluster there are none, and
        // the build says so (TERRAFORM_NO_CLUSTER); the delivery checks below still hold.
        if (clusterOf(example, env)) expect(account, `${label} reads credentials, so its service account has an IAM role`).toBeDefined();
        else expect(account, label).toBeUndefined();
        const statements = account ? roleStatements(stacks, account.split(':role/')[1]) : undefined;
        if (account) expect(statements, `${label}: the role ${account} exists in Terraform`).toBeDefined();
        const items = (pod.volumes ?? []).find((volume: Doc) => volume.name === 'secret-files')?.secret.items.map((item: Doc) => item.key) ?? [];
        for (const [variable, value] of credentials) {
          // every other value it is assembled from (the host of a urlWithPassword) is fetched and permitted too
          for (const [, other] of value.matchAll(/\{\{ \(?\.(\w+)/g)) {
            const entry = fetched.get(other!);
            expect(entry, `${label}: ${variable} reads .${other}, which the ExternalSecret fetches`).toBeDefined();
            if (!statements || !entry.sourceRef?.storeRef.name.endsWith('-parameters')) continue;
            const parameter = `:parameter${entry.remoteRef.key}`;
            expect(statements.some((s) => s.actions.includes('ssm:GetParameter') && s.resources.some((arn: string) => arn.endsWith(parameter))), `${label}: may read ${entry.remoteRef.key}`).toBe(true);
          }
          const key = /\.(secret_\w+|database_\w+_master)\b/.exec(value)![1]!;
          const source = fetched.get(key);
          expect(source, `${label}: ${variable} reads .${key}, which the ExternalSecret fetches`).toBeDefined();
          expect(configMap?.data?.[variable], `${label}: ${variable} is never a plain value`).toBeUndefined();
          expect(configMap?.data?.[`${variable}_FILE`], `${label}: ${variable}_FILE`).toBe(`/run/secrets/infragen/${variable}`);
          expect(items, `${label}: ${variable} is mounted as a file`).toContain(variable);
          // permitted: exactly that secret, by id or (for the secret RDS manages) by its instance tag
          if (!statements) continue;
          if (source.remoteRef) {
            expect(statements!.some((s) => reads(s) && s.resources.some((arn: string) => arn.endsWith(`:secret:${source.remoteRef.key}-??????`))), `${label}: may read ${source.remoteRef.key}`).toBe(true);
          } else {
            const [tag, instance] = Object.entries<string>(source.find.tags)[0]!;
            const statement = statements!.find((s) => reads(s) && s.condition?.some((c: Doc) => c.variable === `secretsmanager:ResourceTag/${tag}` && c.values.includes(instance)));
            expect(statement, `${label}: may read the secret RDS tags with ${instance}`).toBeDefined();
            expect(statement.resources.every((arn: string) => /:secret:rds!db-\*$/.test(arn))).toBe(true);
          }
        }
      }

      // network: pods reach the data stores they use, on the store's port, and no other one
      const uses = [...containers.entries()];
      for (const [name, used] of uses) {
        const policy = docs.find((doc) => doc.kind === 'NetworkPolicy' && doc.metadata.name === name);
        if (!policy) continue;
        const egressPorts = new Set<number>((policy.spec.egress ?? []).flatMap((rule: Doc) => (rule.ports ?? []).map((port: Doc) => port.port)));
        for (const [store, port] of stores) {
          const other = [...stores].some(([s, p]) => s !== store && p === port && used.includes(s));
          if (used.includes(store)) expect(egressPorts.has(port), `${env} ${name} → ${store}:${port}`).toBe(true);
          else if (!other) expect(egressPorts.has(port), `${env} ${name} must not reach ${store}:${port}`).toBe(false);
        }
        // and the data store's security group admits them (through the cluster's group, or their own)
        for (const store of used.filter((ref) => stores.has(ref))) {
          const storeId = store.replace(/[^a-zA-Z0-9]+/g, '_').toLowerCase();
          const rules = stacks.flatMap((stack) => Object.entries<Doc>(stack.resource?.aws_vpc_security_group_ingress_rule ?? {}));
          const admitting = rules.filter(([id, rule]) => id.startsWith(`${storeId}_from_`) && !id.endsWith('_from_lambda') && new RegExp(`\\b(service|job) ${name}\\b`).test(rule.description));
          expect(admitting.length, `${env}: ${store} admits ${name}`).toBeGreaterThan(0);
        }
      }
      // no data store admits a workload that does not use it
      for (const stack of stacks) {
        for (const [id, rule] of Object.entries<Doc>(stack.resource?.aws_vpc_security_group_ingress_rule ?? {})) {
          const store = [...stores.keys()].find((ref) => id.startsWith(`${ref.replace(/[^a-zA-Z0-9]+/g, '_').toLowerCase()}_from_`));
          if (!store || id.endsWith('_from_lambda')) continue;
          for (const [, name] of rule.description.matchAll(/\b(?:service|job) ([a-z0-9-]+)/g)) {
            expect(containers.get(name!), `${env}: ${store} admits ${name}`).toContain(store);
          }
        }
      }
    });
  }

  for (const file of files(path.join(OUT, example, 'serverless'), 'serverless.yml')) {
    it(`serverless ${path.relative(OUT, file)}: secrets by ARN, read at run time with exactly that permission`, () => {
      const document = parse(readFileSync(file, 'utf8'));
      for (const [name, fn] of Object.entries<Doc>(document.functions ?? {})) {
        const statements: Doc[] = document.resources.Resources[fn.role].Properties.Policies[0].PolicyDocument.Statement;
        for (const [variable, value] of Object.entries<string>(fn.environment ?? {})) {
          if (variable.endsWith('_SECRET_URL')) {
            // urlWithPassword: the URL without the password, beside the secret the password is read from
            const secret = variable.slice(0, -'_URL'.length);
            expect(value, `${name}: ${variable}`).toMatch(/^\$\{ssm(\([a-z0-9-]+\))?:\/[^}]+\/database\/[^}/]+\/url\}$/);
            expect(fn.environment[`${secret}_ARN`], `${name}: ${variable} comes with ${secret}_ARN`).toMatch(/master-secret-arn\}$/);
            expect(fn.environment[`${secret}_FIELD`], `${name}: ${variable} comes with ${secret}_FIELD`).toBe('password');
          }
          if (!variable.endsWith('_SECRET_ARN')) continue;
          expect(value, `${name}: ${variable} is an ARN reference`).toMatch(/^\$\{ssm(\([a-z0-9-]+\))?:\/[^}]+\/(arn|master-secret-arn)\}$/);
          expect(statements.some((s) => s.Action.includes('secretsmanager:GetSecretValue') && s.Resource === value), `${name} may read ${value}`).toBe(true);
        }
      }
    });
  }

  for (const folder of files(path.join(OUT, example, 'ecs-fargate'), 'register.sh').map((file) => path.dirname(file))) {
    it(`ecs-fargate ${path.relative(OUT, folder)}: secrets by ARN, put in by register.sh, permitted to the execution role`, () => {
      const script = readFileSync(path.join(folder, 'register.sh'), 'utf8');
      for (const file of files(folder, '.task-definition.json')) {
        const service = path.basename(file, '.task-definition.json');
        const policyFile = path.join(folder, `${service}.execution-role-policy.json`);
        const statements: Doc[] = existsSync(policyFile) ? JSON.parse(readFileSync(policyFile, 'utf8')).Statement : [];
        const secrets: Doc[] = JSON.parse(readFileSync(file, 'utf8')).containerDefinitions.flatMap((container: Doc) => container.secrets);
        for (const { name, valueFrom } of secrets) {
          const label = `${service}: ${name}`;
          const placeholder = /^\{\{ssm:(\/[^}]+)\}\}(:password::)?$/.exec(valueFrom);
          if (!placeholder) {
            // a wiring value read whole from SSM
            expect(valueFrom, label).toMatch(/^arn:aws:ssm:/);
            expect(statements.some((s) => s.Action.includes('ssm:GetParameters') && s.Resource.includes(valueFrom)), `${label} may be read`).toBe(true);
            continue;
          }
          const parameter = placeholder[1]!;
          // delivered: register.sh reads the ARN and puts it in before registering this task definition
          const variable = new RegExp(`^(arn_\\d+)=\\$\\(ssm ${parameter}\\)$`, 'm').exec(script)?.[1];
          expect(variable, `${label}: register.sh reads ${parameter}`).toBeDefined();
          expect(script, label).toContain(`-e "s|{{ssm:${parameter}}}|$${variable}|g"`);
          // permitted: a declared secret by its ARN, the secret RDS manages by its instance tag
          const reads = statements.filter((s) => s.Action.includes('secretsmanager:GetSecretValue'));
          if (parameter.endsWith('/master-secret-arn')) {
            const database = parameter.split('/').slice(-2, -1)[0]!;
            expect(reads.some((s) => s.Resource.every((arn: string) => arn.endsWith(':secret:rds!db-*')) && Object.values<string>(s.Condition?.StringEquals ?? {}).some((instance) => instance.endsWith(`-${database}`))), `${label} may read the secret of ${database}`).toBe(true);
          } else {
            const secret = parameter.split('/').slice(1, -1);
            const id = [secret[0], secret[1], secret[3]].join('/');
            expect(reads.some((s) => s.Resource.some((arn: string) => arn.endsWith(`:secret:${id}-??????`))), `${label} may read ${id}`).toBe(true);
          }
        }
      }
    });
  }

  const composeFile = path.join(OUT, example, 'compose', 'docker-compose.yml');
  if (existsSync(composeFile)) {
    it('compose: every secret variable is a mounted file, every built image tagged', () => {
      const compose = parse(readFileSync(composeFile, 'utf8'));
      for (const [name, service] of Object.entries<Doc>(compose.services)) {
        if (service.build) expect(service.image, name).toMatch(IMMUTABLE_IMAGE);
        for (const [variable, value] of Object.entries<string>(service.environment ?? {})) {
          if (!variable.endsWith('_FILE') || !value.startsWith('/run/secrets/')) continue;
          const secret = value.slice('/run/secrets/'.length);
          expect(service.secrets, `${name}: ${variable}`).toContain(secret);
          expect(compose.secrets[secret].file, `${name}: ${variable}`).toBe(`./secrets/${secret}`);
        }
      }
    });
  }
});
