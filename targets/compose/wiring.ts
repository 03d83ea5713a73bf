/**
 * `${kind.name.attribute}` → the local address of the stand-in: database host = its compose
 * service (and so is its readerHost: one local database stands in for the primary and its read
 * replicas), a search cluster's endpoint = its OpenSearch container over plain HTTP, queue URLs and
 * ARNs in LocalStack, services by their compose service name.
 */
import type { ResolvedSystem, Template, TemplateReference } from '../../compiler/plugin-api.ts';
import { DATABASE_URL_SCHEMES, serviceAttribute, templateInRegion, testnetNodeNames } from '../../compiler/plugin-api.ts';
import { LOCALSTACK_URL, type LocalNames } from './local-names.ts';


/** The port of the OpenSearch container (the managed domain answers HTTPS on 443). */
export const SEARCH_PORT = 9200;

export class LocalWiring {
  constructor(
    private readonly system: ResolvedSystem,
    private readonly names: LocalNames,
  ) {}

  /** The value of an env entry; `${env.region}` is `region` (the local stack's: see project.ts). */
  render(template: Template, region: string): string {
    return templateInRegion(template, region).parts.map((part) => ('literal' in part ? part.literal : this.resolve(part))).join('');
  }

  resolve(reference: TemplateReference): string {
    const { kind, name, attribute } = reference;
    const s = this.system;
    const names = this.names;
    switch (kind) {
      case 'database': {
        const db = s.databases[name]!;
        const values: Record<string, string> = {
          host: name,
          readerHost: name,
          port: String(db.port),
          name: db.dbName,
          user: db.user,
          url: `${DATABASE_URL_SCHEMES[db.engine]}://${db.user}@${name}:${db.port}/${db.dbName}`,
        };
        return values[attribute]!;
      }
      case 'cache': {
        const cache = s.caches[name]!;
        return { host: name, port: String(cache.port), url: `redis://${name}:${cache.port}` }[attribute]!;
      }
      case 'search':
        return { endpoint: `http://${name}:${SEARCH_PORT}`, arn: names.searchArn(name) }[attribute]!;
      case 'queue': {
        const queueName = names.queueName(name, s.queues[name]!.fifo);
        return { url: names.queueUrl(queueName), arn: names.queueArn(queueName), name: queueName }[attribute]!;
      }
      case 'topic': {
        const topicName = names.topicName(name, s.topics[name]!.fifo);
        return { arn: names.topicArn(topicName), name: topicName }[attribute]!;
      }
      case 'table': {
        const tableName = names.tableName(name);
        return { arn: names.tableArn(tableName), name: tableName }[attribute]!;
      }
      case 'bucket': {
        const bucketName = names.bucketName(name);
        return { arn: names.bucketArn(bucketName), name: bucketName }[attribute]!;
      }
      case 'secret':
        return { arn: names.secretArn(name), name: names.secretId(name) }[attribute]!;
      case 'function':
        return { arn: names.functionArn(name), name: names.functionName(name) }[attribute]!;
      case 'service':
        return serviceAttribute(s.services[name], name, attribute);
      case 'cdn': {
        // no CDN locally: its origin answers instead (COMPOSE_CDN_NOT_LOCAL)
        const origin = s.cdns[name]!.origin;
        if (origin.kind === 'bucket') {
          const bucketName = names.bucketName(origin.name);
          return { domain: LOCALSTACK_URL.replace(/^http:\/\//, ''), url: `${LOCALSTACK_URL}/${bucketName}` }[attribute]!;
        }
        const service = s.services[origin.name];
        return { domain: serviceAttribute(service, origin.name, 'host'), url: serviceAttribute(service, origin.name, 'url') }[attribute]!;
      }
      case 'testnet':
        return testnetStandIn(s, name, attribute);
      default:
        throw new Error(`${kind}.${name}.${attribute} has no local value`);
    }
  }
}

/**
 * Testnets are not run locally: `${testnet.<name>.<port>}` names the first seed as Kubernetes
 * would (COMPOSE_NOT_LOCAL says so).
 */
export function testnetStandIn(system: ResolvedSystem, name: string, portName: string): string {
  const testnet = system.testnets[name]!;
  const seed = testnet.nodes.find((node) => node.role === 'seed') ?? testnet.nodes[0]!;
  const port = testnet.ports.find((candidate) => candidate.name === portName)?.port;
  return `${name}-${testnetNodeNames(seed.name, 1)[0]}:${port}`;
}
