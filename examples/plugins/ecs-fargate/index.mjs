// infragen plugin: AWS ECS on Fargate. For every service of every environment, in every region it
// runs in, it writes the task definition and the service definition as the JSON that
// `aws ecs register-task-definition --cli-input-json` and `aws ecs create-service --cli-input-json`
// read. Plain ESM JavaScript that imports only from `infragen/plugin`.
import { cloudName, cpuCores, defineTarget, quantityBytes, secretId, ssmParameterName, toStableJson } from 'infragen/plugin';

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
      for (const service of Object.values(resolved.services)) {
        for (const region of service.regions) {
          const scope = { model, resolved, env, region, where, context };
          const base = `${env.name}/${region}/${service.name}`;
          const taskDefinition = taskDefinitionOf(service, scope);
          files.push(
            { path: `${base}.task-definition.json`, contents: toStableJson(taskDefinition), sources: [`service.${service.name}`] },
            { path: `${base}.service.json`, contents: toStableJson(serviceDefinitionOf(service, scope)), sources: [`service.${service.name}`] },
          );
        }
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

/** Every variable of a service's container, each with its parts resolved. */
function resolvedVariables(service, scope) {
  const values = { ...Object.fromEntries(Object.entries(scope.env.vars).map(([name, text]) => [name, { text, parts: [{ literal: text }] }])), ...service.env };
  return Object.keys(values).sort().map((name) => ({ name, parts: values[name].parts.map((part) => resolvePart(part, scope)) }));
}

/** A variable that joins a wiring parameter with other text is left out: said once per service and variable. */
function reportComposedVariables(model, context) {
  const said = new Set();
  for (const resolved of model.environments) {
    const env = resolved.environment;
    for (const service of Object.values(resolved.services)) {
      for (const { name, parts } of resolvedVariables(service, { model, resolved, env, context })) {
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

function containerEnvironment(service, scope) {
  const { model, env, region } = scope;
  const environment = [];
  const secrets = [];
  for (const { name, parts } of resolvedVariables(service, scope)) {
    const parameters = parts.filter((part) => part.parameter);
    if (parameters.length === 0) environment.push({ name, value: parts.map((part) => part.text).join('') });
    else if (parts.length === 1) secrets.push({ name, valueFrom: `arn:aws:ssm:${region}:${env.account}:parameter${parameters[0].parameter}` });
    // else: left out (ECS_ENV_COMPOSED, from check)
  }
  for (const [name, secret] of Object.entries(service.secrets)) secrets.push({ name, valueFrom: secretId(model.name, env.name, secret.name) });
  secrets.sort((a, b) => (a.name < b.name ? -1 : 1));
  return { environment, secrets };
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

function taskDefinitionOf(service, scope) {
  const { model, env, region, where, context } = scope;
  const size = fargateSize(service.resources);
  const name = cloudName(model.name, env.name, service.name);
  // images built from source carry the environment's immutable tag (`--image-tag`, `image.tag`, `version`)
  const image = service.image ?? `${env.account}.dkr.ecr.${region}.amazonaws.com/${model.name}/${service.name}:${scope.resolved.imageTag}`;
  const { environment, secrets } = containerEnvironment(service, scope);
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
