/**
 * The local stand-ins' names and addresses, shared by the compose file, the LocalStack init
 * script and the wiring values. Stand-ins are always "local": every environment's override runs
 * the same LocalStack resources, so their names and ARNs never change between override files.
 */
import type { Queue, SystemModel } from '../../compiler/plugin-api.ts';
import { bucketName, functionName, queueName, secretId, tableName, topicName } from '../../compiler/plugin-api.ts';

/** LocalStack's default account. */
const LOCAL_ACCOUNT = '000000000000';
/** The environment name the stand-ins carry in their cloud names (`${env.name}` of the base model). */
const LOCAL_ENV = 'local';
export const LOCALSTACK_SERVICE = 'localstack';
export const LOCALSTACK_URL = `http://${LOCALSTACK_SERVICE}:4566`;
export const PROMETHEUS_SERVICE = 'prometheus';

export class LocalNames {
  constructor(private readonly model: SystemModel) {}

  get region(): string {
    return this.model.defaults.region;
  }

  queueName(name: string, fifo: boolean): string {
    return queueName(this.model.name, LOCAL_ENV, name, fifo);
  }
  deadLetterName(queue: Queue): string {
    return this.queueName(`${queue.name}-dlq`, queue.fifo);
  }
  queueUrl(queueName: string): string {
    return `${LOCALSTACK_URL}/${LOCAL_ACCOUNT}/${queueName}`;
  }
  queueArn(queueName: string): string {
    return `arn:aws:sqs:${this.region}:${LOCAL_ACCOUNT}:${queueName}`;
  }
  topicName(name: string, fifo: boolean): string {
    return topicName(this.model.name, LOCAL_ENV, name, fifo);
  }
  topicArn(topicName: string): string {
    return `arn:aws:sns:${this.region}:${LOCAL_ACCOUNT}:${topicName}`;
  }
  tableName(name: string): string {
    return tableName(this.model.name, LOCAL_ENV, name);
  }
  tableArn(tableName: string): string {
    return `arn:aws:dynamodb:${this.region}:${LOCAL_ACCOUNT}:table/${tableName}`;
  }
  bucketName(name: string): string {
    return bucketName(this.model.name, LOCAL_ENV, name);
  }
  bucketArn(bucketName: string): string {
    return `arn:aws:s3:::${bucketName}`;
  }
  secretId(name: string): string {
    return secretId(this.model.name, LOCAL_ENV, name);
  }
  secretArn(name: string): string {
    return `arn:aws:secretsmanager:${this.region}:${LOCAL_ACCOUNT}:secret:${this.secretId(name)}`;
  }
  functionName(name: string): string {
    return functionName(this.model.name, LOCAL_ENV, name);
  }
  /** The ARN the search stand-in answers `${search.x.arn}` with (the domain it stands in for). */
  searchArn(name: string): string {
    return `arn:aws:es:${this.region}:${LOCAL_ACCOUNT}:domain/${this.model.name}-${LOCAL_ENV}-${name}`;
  }
  functionArn(name: string): string {
    return `arn:aws:lambda:${this.region}:${LOCAL_ACCOUNT}:function:${this.functionName(name)}`;
  }
}

/** The compose secret holding a database's password (and the file under `secrets/` behind it). */
export function databasePasswordSecret(database: string): string {
  return `${database}-password`;
}

/** The compose secret holding `${database.<name>.urlWithPassword}`: the local URL with the password in it. */
export function databaseUrlSecret(database: string): string {
  return `${database}-url`;
}
