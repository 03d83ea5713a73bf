/**
 * One SNS topic per notification channel in each region that has alarms notifying it, with the
 * channel's subscriptions: e-mail addresses, the webhook (HTTPS, or HTTP if that is its scheme)
 * and SMS numbers. Encrypted with a customer managed KMS key, one per region, whose key policy lets
 * CloudWatch (the publisher of alarm state changes) use it: CloudWatch cannot publish to a topic
 * under the AWS managed key `alias/aws/sns`, whose policy cannot be changed.
 */
import { DataAwsIamPolicyDocument, KmsAlias, KmsKey, SnsTopic, SnsTopicSubscription } from './aws.ts';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import type { Alarm, Notification } from '../../compiler/plugin-api.ts';
import { NAME_LIMITS, regionAlias, tfId } from './names.ts';
import type { RegionStack } from './stack.ts';
import { attributeOf } from './tokens.ts';

export class NotificationTopics {
  private readonly topics = new Map<string, SnsTopic>();
  private readonly keys = new Map<string, KmsKey>();

  constructor(private readonly rs: RegionStack) {}

  /** `alarm_actions` and `ok_actions` for an alarm evaluated in `region`. */
  actions(alarm: Alarm, region: string): { alarmActions?: string[]; okActions?: string[] } {
    if (alarm.notify.length === 0) return {};
    const arns = alarm.notify.map((ref) => attributeOf(this.topic(this.rs.resolved.notifications[ref.name]!, region), 'arn'));
    return { alarmActions: arns, okActions: arns };
  }

  private topic(channel: Notification, region: string): SnsTopic {
    const key = `${channel.name}@${region}`;
    return this.topics.get(key) ?? this.rs.owned(channel, () => this.createTopic(channel, region, key));
  }

  private createTopic(channel: Notification, region: string, key: string): SnsTopic {
    const provider = this.rs.provider(region);
    const scope = provider ? { provider } : {};
    const id = provider ? tfId('notification', channel.name, regionAlias(region)) : tfId('notification', channel.name);
    const topic = this.rs.add(SnsTopic, id, {
      name: this.rs.name(`alarms-${channel.name}`, NAME_LIMITS.snsTopic),
      kmsMasterKeyId: this.key(region, provider).arn,
      ...scope,
    });
    const subscribe = (suffix: string, protocol: string, endpoint: string) =>
      this.rs.add(SnsTopicSubscription, `${id}_${suffix}`, { topicArn: attributeOf(topic, 'arn'), protocol, endpoint, ...scope });
    (channel.email ?? []).forEach((address, index) => subscribe(`email_${index + 1}`, 'email', address));
    if (channel.webhook) subscribe('webhook', channel.webhook.startsWith('http://') ? 'http' : 'https', channel.webhook);
    (channel.sms ?? []).forEach((number, index) => subscribe(`sms_${index + 1}`, 'sms', number));
    // no subscription for `slack`: Slack cannot confirm one (TERRAFORM_SLACK_UNSUPPORTED, from check)
    this.rs.use(channel);
    this.topics.set(key, topic);
    return topic;
  }

  /**
   * The key of the alarm topics in `region`: the account administers it through IAM (the usual
   * root statement), CloudWatch may generate and decrypt data keys with it (publishing to the
   * topic), rotated yearly.
   */
  private key(region: string, provider: AwsProvider | undefined): KmsKey {
    const existing = this.keys.get(region);
    if (existing) return existing;
    // Every channel's topic uses it, none is its owner: it is the environment's.
    const key = this.rs.owned(undefined, () => this.createKey(region, provider));
    this.keys.set(region, key);
    return key;
  }

  private createKey(region: string, provider: AwsProvider | undefined): KmsKey {
    const scope = provider ? { provider } : {};
    const id = provider ? tfId('alarm_topics', regionAlias(region)) : 'alarm_topics';
    const policy = this.rs.add(DataAwsIamPolicyDocument, `${id}_key`, {
      statement: [
        {
          sid: 'AccountAdministersTheKey',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${this.rs.account}:root`] }],
          actions: ['kms:*'],
          resources: ['*'],
        },
        {
          sid: 'CloudWatchAlarmsPublish',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
        },
      ],
      ...scope,
    });
    const key = this.rs.add(KmsKey, id, {
      description: `${this.rs.name('alarms')}: SNS topics that CloudWatch alarms notify`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policy.json,
      ...scope,
    });
    this.rs.add(KmsAlias, id, { name: `alias/${this.rs.name('alarms')}`, targetKeyId: key.keyId, ...scope });
    return key;
  }
}
