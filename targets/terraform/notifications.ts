/**
 * One SNS topic per notification channel in each region that has alarms notifying it, with the
 * channel's subscriptions: e-mail addresses, the webhook (HTTPS, or HTTP if that is its scheme)
 * and SMS numbers. Not encrypted: CloudWatch cannot publish to a topic under the AWS managed key.
 */
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription/index.js';
import type { Alarm, Notification } from '../../compiler/model/types.ts';
import { NAME_LIMITS, regionAlias, tfId } from './names.ts';
import type { RegionStack } from './stack.ts';

export class NotificationTopics {
  private readonly topics = new Map<string, SnsTopic>();

  constructor(private readonly rs: RegionStack) {}

  /** `alarm_actions` and `ok_actions` for an alarm evaluated in `region`. */
  actions(alarm: Alarm, region: string): { alarmActions?: string[]; okActions?: string[] } {
    if (alarm.notify.length === 0) return {};
    const arns = alarm.notify.map((ref) => this.topic(this.rs.resolved.notifications[ref.name]!, region).arn);
    return { alarmActions: arns, okActions: arns };
  }

  private topic(channel: Notification, region: string): SnsTopic {
    const key = `${channel.name}@${region}`;
    const existing = this.topics.get(key);
    if (existing) return existing;
    const provider = this.rs.provider(region);
    const scope = provider ? { provider } : {};
    const id = provider ? tfId('notification', channel.name, regionAlias(region)) : tfId('notification', channel.name);
    const topic = this.rs.add(SnsTopic, id, { name: this.rs.name(`alarms-${channel.name}`, NAME_LIMITS.snsTopic), ...scope });
    const subscribe = (suffix: string, protocol: string, endpoint: string) =>
      this.rs.add(SnsTopicSubscription, `${id}_${suffix}`, { topicArn: topic.arn, protocol, endpoint, ...scope });
    (channel.email ?? []).forEach((address, index) => subscribe(`email_${index + 1}`, 'email', address));
    if (channel.webhook) subscribe('webhook', channel.webhook.startsWith('http://') ? 'http' : 'https', channel.webhook);
    (channel.sms ?? []).forEach((number, index) => subscribe(`sms_${index + 1}`, 'sms', number));
    if (channel.slack) {
      this.rs.reportOnce({
        code: 'TERRAFORM_SLACK_UNSUPPORTED',
        message: `notification "${channel.name}": Slack cannot confirm an SNS subscription, so its slack channel gets no CloudWatch alarms (use a webhook that accepts SNS, or AWS Chatbot)`,
        span: channel.span,
      });
    }
    this.rs.use(channel);
    this.topics.set(key, topic);
    return topic;
  }
}
