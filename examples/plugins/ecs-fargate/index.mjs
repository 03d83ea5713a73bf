// infragen plugin: AWS ECS on Fargate. For every service of every environment, in every region it
// runs in, it writes the task definition and the service definition as the JSON that
// `aws ecs register-task-definition --cli-input-json` and `aws ecs create-service --cli-input-json`
// read. Plain ESM JavaScript that imports only from `infragen/plugin`.
import {
  cloudName,
  cpuCores,
  DATABASE_SECRET_FIELD,
  DATABASE_URL_WITH_PASSWORD,
  databaseIdentifier,
  defineTarget,
  quantityBytes,
  RDS_SECRET_TAG,
  secretAttributeOf,
  secretId,
  ssmParameterName,
  templateInRegion,
  toStableJson,
} from 'infragen/plugin';

const placement = {
  type: 'object',
  additionalProperties: false,
  properties: {
    subnets: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^subnet-[0-9a-f]+$' }, description: 'Private subnets the tasks run in.' },
    securityGroups: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^sg-[0-9a-f]+$' }, description: 'Security groups of the tasks.' },
    efsFileSystemId: { type: 'string', pattern: '^fs-[0-9a-f]+$', description: 'EFS file system that holds the volumes of services that declare `volumes`.' },
  },
};

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    cluster: { type: 'string', minLength: 1, description: 'ECS cluster name; default `<system>-<env>`.' },
    dnsNamespace: { type: 'string', minLength: 1, description: 'Cloud Map namespace the services find each other in; default `<env>.<system>.internal`.' },
    network: { ...placement, description: 'Subnets, security groups and EFS for every environment.' },
    environments: { type: 'object', additionalProperties: placement, description: 'Per-environment values that replace those of `network`.' },
  },
};

// Fargate's valid task sizes: CPU units → the memory sizes (MiB) allowed with it.
const range = (from, to, step) => Array.from({ length: (to - from) / step + 1 }, (_, index) => from + index * step);
const FARGATE_SIZES = [
  [256, [512, 1024, 2048]],
  [512, range(1024, 4096, 1024)],
  [1024, range(2048, 8192, 1024)],
  [2048, range(4096, 16384, 1024)],
  [4096, range(8192, 30720, 1024)],
  [8192, range(16384, 61440, 4096)],
  [16384, range(32768, 122880, 8192)],
];

const cpuUnits = (cpu) => Math.ceil(cpuCores(cpu) * 1024);
const memoryMiB = (memory) => Math.ceil(quantityBytes(memory) / 1048576);

/** The smallest Fargate task size with at least the requested CPU and memory. */
function fargateSize(resources) {
  const cpu = cpuUnits(resources.cpu);
  const memory = memoryMiB(resources.memory);
  for (const [units, memories] of FARGATE_SIZES) {
    const fits = memories.find((size) => size >= memory);
    if (units >= cpu && fits) return { cpu: String(units), memory: String(fits) };
  }
  return undefined;
}

/** The subnets, security groups and EFS of one environment: `network`, overridden per environment. */
const placementOf = (context, env) => ({ ...context.options.network, ...context.options.environments?.[env.name] });

const clamp = (value, min, max) => Math.min(max, Math.max(min, value));

export default defineTarget({
  id: 'ecs-fargate',
  description: 'AWS ECS on Fargate: a task definition and a service definition per service (aws ecs --cli-input-json)',
  optionsSchema,
  diagnostics: {
    ECS_NO_ACCOUNT: { severity: 'error', summary: 'An environment with services has no `account`: ECS needs it for image and role ARNs.' },
    ECS_NO_NETWORK: { severity: 'error', summary: 'An environment with services has no subnets and security groups to run tasks in.' },
    ECS_TOO_LARGE: { severity: 'error', summary: 'A service asks for more CPU or memory than any Fargate task size offers.' },
    ECS_NO_EFS: { severity: 'error', summary: 'A service with volumes runs in an environment without an EFS file system.' },
    ECS_ENV_COMPOSED: { severity: 'warning', summary: 'A variable joins a wiring parameter with other text; ECS reads parameters only whole.' },
    ECS_URL_WITH_PASSWORD: { severity: 'warning', summary: 'A variable is a database URL with its password, which ECS cannot assemble from the secret.' },
  },
  // Run by `infragen validate` as by `build`: a system that validates builds.
  check(model, context) {
    for (const resolved of model.environments) {
      const env = resolved.environment;
      if (Object.keys(resolved.services).length === 0) continue;
      if (!env.account) {
        context.error('ECS_NO_ACCOUNT', `environment "${env.name}" has no \`account\`: ECS needs it for image and role ARNs`, { span: env.span });
      }
      const where = placementOf(context, env);
      if (!where.subnets || !where.securityGroups) {
        context.error('ECS_NO_NETWORK', `no subnets and security groups for environment "${env.name}"`, {
          span: env.span,
          hint: `set targets.ecs-fargate.network or targets.ecs-fargate.environments.${env.name} in system.yaml`,
        });
      }
      for (const service of Object.values(resolved.services)) checkService(service, env, where, context);
    }
    reportComposedVariables(model, context);
  },
  emit(model, context) {
    const files = [];
    for (const resolved of model.environments) {
      const env = resolved.environment;
      const where = placementOf(context, env);
      if (Object.keys(resolved.services).length === 0) continue;
      for (const region of env.regions) {
        const services = Object.values(resolved.services).filter((service) => service.regions.includes(region));
        if (services.length === 0) continue;
        const parametersByService = new Map();
        for (const service of services) {
          const scope = { model, resolved, env, region, where, context };
          const base = `${env.name}/${region}/${service.name}`;
          const sources = [`service.${service.name}`];
          const wiring = containerEnvironment(service, scope);
          files.push(
            { path: `${base}.task-definition.json`, contents: toStableJson(taskDefinitionOf(service, wiring, scope)), sources },
            { path: `${base}.service.json`, contents: toStableJson(serviceDefinitionOf(service, scope)), sources },
          );
          const policy = executionRolePolicyOf(wiring, scope);
          if (policy) files.push({ path: `${base}.execution-role-policy.json`, contents: toStableJson(policy), sources });
          parametersByService.set(service.name, wiring.secretSources.map((source) => source.parameter));
        }
        files.push({ path: `${env.name}/${region}/register.sh`, contents: registerScriptOf(services, parametersByService, { env, region }), sources: services.map((service) => `service.${service.name}`) });
      }
    }
    return files;
  },
});

/** One part of an env value: text ECS can set directly, or an SSM parameter Terraform publishes. */
function resolvePart(part, { model, resolved, env, context }) {
  if ('literal' in part) return { text: part.literal };
  const namespace = context.options.dnsNamespace ?? `${env.name}.${model.name}.internal`;
  if (part.kind === 'service') {
    const target = resolved.services[part.name];
    const port = target.ports[0]?.port;
    const host = `${part.name}.${namespace}`;
    if (part.attribute === 'host') return { text: host };
    if (part.attribute === 'port') return { text: String(port) };
    if (part.attribute === 'url') return { text: `http://${host}:${port}` };
  }
  const database = part.kind === 'database' ? resolved.databases[part.name] : undefined;
  if (database && part.attribute === 'port') return { text: String(database.port) };
  if (database && part.attribute === 'name') return { text: database.dbName };
  if (database && part.attribute === 'user') return { text: database.user };
  if (part.kind === 'cache' && part.attribute === 'port') return { text: String(resolved.caches[part.name].port) };
  return { parameter: ssmParameterName(model.name, env.name, part.kind, part.name, part.attribute), reference: `${part.kind}.${part.name}.${part.attribute}` };
}

/**
 * Every variable of a service's container: a credential (`${database.x.password}`, …) as its
 * reference, anything else with its parts resolved (`${env.region}`: the region of the file).
 */
function resolvedVariables(service, scope) {
  const values = { ...Object.fromEntries(Object.entries(scope.env.vars).map(([name, text]) => [name, { text, parts: [{ literal: text }] }])), ...service.env };
  const region = scope.region ?? scope.env.regions[0];
  return Object.keys(values).sort().map((name) => {
    const credential = secretAttributeOf(values[name]);
    return credential ? { name, credential } : { name, parts: templateInRegion(values[name], region).parts.map((part) => resolvePart(part, scope)) };
  });
}

/**
 * A variable that joins a wiring parameter with other text is left out, and so is a database URL
 * with its password: said once per service and variable.
 */
function reportComposedVariables(model, context) {
  const said = new Set();
  for (const resolved of model.environments) {
    const env = resolved.environment;
    for (const service of Object.values(resolved.services)) {
      for (const { name, parts, credential } of resolvedVariables(service, { model, resolved, env, context })) {
        if (credential?.attribute === DATABASE_URL_WITH_PASSWORD && !said.has(`${service.name}/${name}`)) {
          said.add(`${service.name}/${name}`);
          context.report({
            code: 'ECS_URL_WITH_PASSWORD',
            message: `service "${service.name}": ${name} is \${database.${credential.name}.urlWithPassword}, which ECS cannot assemble (it reads a secret's fields only whole), so ${name} is left out`,
            span: (model.base.services[service.name] ?? service).fieldSpans.env ?? service.span,
            hint: `give the service \${database.${credential.name}.password} and \${database.${credential.name}.url} and join them in the app`,
          });
        }
        if (credential) continue;
        const parameters = parts.filter((part) => part.parameter);
        if (parameters.length === 0 || parts.length === 1 || said.has(`${service.name}/${name}`)) continue;
        said.add(`${service.name}/${name}`);
        context.report({
          code: 'ECS_ENV_COMPOSED',
          message: `service "${service.name}": ${name} joins ${parameters.map((part) => part.reference).join(', ')} with other text; ECS reads parameters only as whole values, so ${name} is left out`,
          span: (model.base.services[service.name] ?? service).fieldSpans.env ?? service.span,
          hint: `give ${parameters.map((part) => part.reference).join(', ')} a variable of its own`,
        });
      }
    }
  }
}

/**
 * The Secrets Manager secret behind a secret variable: a declared secret, or the master secret RDS
 * manages for `${database.<name>.password}` (JSON `{username, password}`: ECS reads one field with
 * `<arn>:<field>::`). ECS needs the secret's ARN, which Terraform publishes to SSM (RDS names its
 * secret itself), so the task definition holds `{{ssm:<parameter>}}` and register.sh puts the ARN in.
 */
function secretSource(model, env, source) {
  const attribute = source.kind === 'secret' ? 'arn' : 'master-secret-arn';
  return {
    ...source,
    parameter: ssmParameterName(model.name, env.name, source.kind, source.name, attribute),
    field: source.kind === 'database' ? DATABASE_SECRET_FIELD[source.attribute] : undefined,
  };
}

const secretValueFrom = (source) => `{{ssm:${source.parameter}}}${source.field ? `:${source.field}::` : ''}`;

function containerEnvironment(service, scope) {
  const { model, env, region } = scope;
  const environment = [];
  const secrets = [];
  /** Every secret read, for the execution role's policy and register.sh. */
  const secretSources = [];
  /** Every SSM parameter read whole into a variable, for the execution role's policy. */
  const parameterArns = [];
  for (const { name, parts, credential } of resolvedVariables(service, scope)) {
    if (credential?.attribute === DATABASE_URL_WITH_PASSWORD) continue; // left out (ECS_URL_WITH_PASSWORD, from check)
    if (credential) {
      const source = secretSource(model, env, credential);
      secretSources.push(source);
      secrets.push({ name, valueFrom: secretValueFrom(source) });
      continue;
    }
    const wired = parts.filter((part) => part.parameter);
    if (wired.length === 0) {
      environment.push({ name, value: parts.map((part) => part.text).join('') });
    } else if (parts.length === 1) {
      const arn = `arn:aws:ssm:${region}:${env.account}:parameter${wired[0].parameter}`;
      parameterArns.push(arn);
      secrets.push({ name, valueFrom: arn });
    }
    // else: left out (ECS_ENV_COMPOSED, from check)
  }
  for (const [name, secret] of Object.entries(service.secrets)) {
    const source = secretSource(model, env, { kind: 'secret', name: secret.name });
    secretSources.push(source);
    secrets.push({ name, valueFrom: secretValueFrom(source) });
  }
  secrets.sort((a, b) => (a.name < b.name ? -1 : 1));
  return { environment, secrets, secretSources, parameterArns };
}

/**
 * What the task execution role must be allowed so that ECS can start the task: read each SSM
 * parameter and secret the task definition names, exactly those (attach it besides
 * AmazonECSTaskExecutionRolePolicy, which covers ECR and logs).
 */
function executionRolePolicyOf({ secretSources, parameterArns }, { model, env, region }) {
  const statements = [];
  const unique = (values) => [...new Set(values)].sort();
  if (parameterArns.length) statements.push({ Sid: 'WiringParameters', Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: unique(parameterArns) });
  const declared = unique(secretSources.filter((source) => source.kind === 'secret').map((source) => source.name));
  if (declared.length) {
    // Secrets Manager appends 6 random characters to a secret's ARN.
    const arns = declared.map((name) => `arn:aws:secretsmanager:${region}:${env.account}:secret:${secretId(model.name, env.name, name)}-??????`);
    statements.push({ Sid: 'DeclaredSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: arns });
  }
  for (const name of unique(secretSources.filter((source) => source.kind === 'database').map((source) => source.name))) {
    // RDS names the master secret itself and tags it with the instance's ARN: exactly that secret.
    const instance = `arn:aws:rds:${region}:${env.account}:db:${databaseIdentifier(model.name, env.name, name)}`;
    statements.push({
      Sid: `DatabaseSecret${name.split(/[^a-zA-Z0-9]+/).map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('')}`,
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: [`arn:aws:secretsmanager:${region}:${env.account}:secret:rds!db-*`],
      Condition: { StringEquals: { [`secretsmanager:ResourceTag/${RDS_SECRET_TAG}`]: instance } },
    });
  }
  return statements.length ? { Version: '2012-10-17', Statement: statements } : undefined;
}

/**
 * `register.sh` of one environment and region: reads the ARN of every secret the task definitions
 * name from SSM, puts it in place of `{{ssm:…}}`, and registers each task definition. Nothing is
 * written to disk; no secret value is read (only ARNs).
 */
function registerScriptOf(services, parametersByService, { env, region }) {
  const parameters = [...new Set([...parametersByService.values()].flat())].sort();
  const variable = (parameter) => `arn_${parameters.indexOf(parameter) + 1}`;
  const lines = [
    '#!/bin/sh',
    `# Generated by infragen (ecs-fargate): registers the task definitions of environment "${env.name}" in ${region}.`,
    '# ECS needs the ARN of each Secrets Manager secret a task reads; Terraform publishes them to SSM',
    '# (RDS names the secrets it manages itself), so they are read here and put in place of {{ssm:...}}.',
    'set -eu',
    'cd "$(dirname "$0")"',
    `region=${region}`,
    'ssm() { aws ssm get-parameter --region "$region" --name "$1" --query Parameter.Value --output text; }',
    ...parameters.map((parameter) => `${variable(parameter)}=$(ssm ${parameter})`),
  ];
  for (const service of services) {
    const substitutions = [...new Set(parametersByService.get(service.name))].sort().map((parameter) => `-e "s|{{ssm:${parameter}}}|$${variable(parameter)}|g" `).join('');
    const input = substitutions ? `sed ${substitutions}${service.name}.task-definition.json` : `cat ${service.name}.task-definition.json`;
    lines.push(`aws ecs register-task-definition --region "$region" --cli-input-json "$(${input})"`);
  }
  return `${lines.join('\n')}\n`;
}

function checkService(service, env, where, context) {
  if (!fargateSize(service.resources)) {
    context.error('ECS_TOO_LARGE', `service "${service.name}" asks for ${service.resources.cpu} CPU and ${service.resources.memory}; no Fargate task size is that large`, { span: service.fieldSpans.resources ?? service.span });
  }
  if (service.volumes.length > 0 && !where.efsFileSystemId) {
    context.error('ECS_NO_EFS', `service "${service.name}" has volumes, which need an EFS file system in environment "${env.name}"`, {
      span: service.fieldSpans.volumes ?? service.span,
      hint: 'set efsFileSystemId under targets.ecs-fargate.network or targets.ecs-fargate.environments',
    });
  }
}

function taskDefinitionOf(service, { environment, secrets }, scope) {
  const { model, env, region, where, context } = scope;
  const size = fargateSize(service.resources);
  const name = cloudName(model.name, env.name, service.name);
  // images built from source carry the environment's immutable tag (`--image-tag`, `image.tag`, `version`)
  const image = service.image ?? `${env.account}.dkr.ecr.${region}.amazonaws.com/${model.name}/${service.name}:${scope.resolved.imageTag}`;
  const health = service.health;
  const container = {
    name: service.name,
    image,
    essential: true,
    ...(service.command ? { entryPoint: [...service.command] } : {}),
    ...(service.args ? { command: [...service.args] } : {}),
    environment,
    secrets,
    portMappings: service.ports.flatMap((port) => port.protocols.map((protocol) => ({ name: `${port.name}-${protocol}`, containerPort: port.port, protocol }))),
    user: String(service.runAsUser),
    readonlyRootFilesystem: service.readOnlyRootFilesystem,
    privileged: false,
    mountPoints: service.volumes.map((volume) => ({ sourceVolume: volume.name, containerPath: volume.path, readOnly: false })),
    logConfiguration: {
      logDriver: 'awslogs',
      options: { 'awslogs-group': `/ecs/${model.name}/${env.name}/${service.name}`, 'awslogs-region': region, 'awslogs-stream-prefix': service.name },
    },
    // HTTP checks belong to the load balancer's target group; only command checks run in the container.
    ...(health?.command
      ? {
          healthCheck: {
            command: ['CMD', ...health.command],
            interval: clamp(health.intervalSeconds, 5, 300),
            timeout: clamp(health.timeoutSeconds, 2, 120),
            retries: clamp(health.failureThreshold, 1, 10),
            startPeriod: clamp(health.startupSeconds, 0, 300),
          },
        }
      : {}),
  };
  const role = (suffix) => `arn:aws:iam::${env.account}:role/${cloudName(model.name, env.name, `${service.name}-${suffix}`, 64)}`;
  return {
    family: name,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: size.cpu,
    memory: size.memory,
    runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
    executionRoleArn: role('exec'),
    taskRoleArn: role('task'),
    containerDefinitions: [container],
    volumes: service.volumes.map((volume) => ({
      name: volume.name,
      efsVolumeConfiguration: { fileSystemId: where.efsFileSystemId, rootDirectory: `/${model.name}/${env.name}/${service.name}/${volume.name}`, transitEncryption: 'ENABLED' },
    })),
    tags: tagsOf(model, env),
  };
}

function tagsOf(model, env) {
  return Object.entries({ ...model.tags, system: model.name, environment: env.name })
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, value]) => ({ key, value }));
}

function serviceDefinitionOf(service, { model, env, where, context }) {
  return {
    cluster: context.options.cluster ?? `${model.name}-${env.name}`,
    serviceName: cloudName(model.name, env.name, service.name),
    taskDefinition: cloudName(model.name, env.name, service.name),
    desiredCount: service.autoscale?.min ?? service.replicas,
    launchType: 'FARGATE',
    networkConfiguration: {
      awsvpcConfiguration: { subnets: [...where.subnets], securityGroups: [...where.securityGroups], assignPublicIp: 'DISABLED' },
    },
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true }, maximumPercent: 200, minimumHealthyPercent: 100 },
    enableECSManagedTags: true,
    enableExecuteCommand: false,
    propagateTags: 'SERVICE',
    tags: tagsOf(model, env),
  };
}
