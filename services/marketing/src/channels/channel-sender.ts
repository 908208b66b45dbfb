// The port SMS, app push and social messages go through (docs/marketing.md#channels): one short
// text to one customer's address on a channel. A real provider's adapter (an SMS gateway, FCM/APNs
// behind the app's device registry, a social network's messaging API) implements it; this service
// ships only RecordingChannelSink, a FAKE that records what would be sent.
import type { TextChannel } from '@crm/marketing-domain';
import { CHANNEL_SINK_COLLECTION, type SinkMessageDocument } from '@crm/marketing-read-models';
import type { Connection } from 'mongoose';

export interface ChannelMessage {
  readonly tenantId: string;
  readonly channel: TextChannel;
  /** The campaign (or journey message) it belongs to. */
  readonly sourceId: string;
  readonly customerId: string;
  /** A phone number (SMS), the customer id as the app's user (push), a handle (social). */
  readonly to: string;
  readonly text: string;
}

export interface ChannelSender {
  /** Hands one message to the provider; returns its message id (stable for the same message). */
  send(message: ChannelMessage): Promise<string>;
}

/**
 * FAKE adapter: records each message in MongoDB instead of sending it, so development and tests see
 * what a provider would have received (GraphQL `marketingSinkMessages`). The id is derived from
 * source, customer and channel, so a retried send records the same message once. Not for
 * production: nothing reaches a phone.
 */
export class RecordingChannelSink implements ChannelSender {
  constructor(
    private readonly connection: Connection,
    private readonly now: () => string,
  ) {}

  async send(message: ChannelMessage): Promise<string> {
    const id = `${message.tenantId}|${message.channel}|${message.sourceId}|${message.customerId}`;
    await this.connection
      .db!.collection<SinkMessageDocument>(CHANNEL_SINK_COLLECTION)
      .updateOne(
        { _id: id },
        { $setOnInsert: { ...message, _id: id, sentAt: this.now() } },
        { upsert: true },
      );
    return `<${encodeURIComponent(message.sourceId)}.${encodeURIComponent(message.customerId)}@${message.channel}.marketing.crm>`;
  }
}
