// Records what attribution needs, in the order the log holds it: every campaign and journey e-mail
// sent becomes a touch of its customer, every sales.OrderPlaced is recorded with the customer's
// touches before it, and its refunds and cancellation as revenue taken back. One reactor reads
// them all, so a touch before an order is always recorded before the order is (and the order before
// its refund). Touch and order ids make redelivery and replay change nothing.
import type { OrderPlacedV1 } from '@crm/contracts/sales';
import {
  customerTouchesDecider,
  customerTouchesStreamId,
  type CampaignMessageSent,
  type CustomerTouchesCommand,
  type JourneyMessageSent,
} from '@crm/marketing-domain';
import type { ReactorDefinition } from '@crm/reactors';
import type { MarketingApplication } from '../application/marketing.application';
import { systemMeta } from '../journeys/journey-runner';

export const ATTRIBUTION_REACTOR = 'marketing.attribution';

/** The fields marketing reads of `sales.OrderRefunded` and `sales.OrderCancelled` v1 (schema-validated). */
interface OrderRefundedV1 {
  readonly orderId: string;
  readonly customerId: string;
  readonly amount: string;
  readonly currency: string;
  readonly refundedAt: string;
}
interface OrderCancelledV1 {
  readonly orderId: string;
  readonly customerId: string;
  readonly cancelledAt: string;
}

function commandFor(
  type: string,
  data: unknown,
  eventId: string,
  now: string,
): CustomerTouchesCommand {
  switch (type) {
    case 'marketing.CampaignMessageSent': {
      const sent = data as CampaignMessageSent['data'];
      return {
        type: 'RecordTouch',
        data: {
          customerId: sent.customerId,
          touchId: eventId,
          sourceKind: 'campaign',
          sourceId: sent.campaignId,
          channel: sent.channel ?? 'email',
          touchedAt: sent.sentAt,
          now,
        },
      };
    }
    case 'marketing.JourneyMessageSent': {
      const sent = data as JourneyMessageSent['data'];
      return {
        type: 'RecordTouch',
        data: {
          customerId: sent.customerId,
          touchId: eventId,
          sourceKind: 'journey',
          sourceId: sent.journeyId,
          channel: sent.channel ?? 'email',
          touchedAt: sent.sentAt,
          now,
        },
      };
    }
    case 'sales.OrderRefunded':
    case 'sales.OrderCancelled': {
      const reversal = data as OrderRefundedV1 | OrderCancelledV1;
      const refunded = type === 'sales.OrderRefunded' ? (reversal as OrderRefundedV1) : undefined;
      return {
        type: 'RecordOrderReversal',
        data: {
          orderId: reversal.orderId,
          customerId: reversal.customerId,
          reversalId: eventId,
          reversal: refunded ? 'refund' : 'cancellation',
          reversedAt: refunded?.refundedAt ?? (reversal as OrderCancelledV1).cancelledAt,
          ...(refunded ? { refund: { amount: refunded.amount, currency: refunded.currency } } : {}),
          now,
        },
      };
    }
    default: {
      const order = data as OrderPlacedV1;
      return {
        type: 'RecordOrderForAttribution',
        data: {
          orderId: order.orderId,
          customerId: order.customerId,
          amount: order.amount,
          currency: order.currency,
          placedAt: order.placedAt,
          now,
        },
      };
    }
  }
}

export function attributionReactor(app: MarketingApplication): ReactorDefinition {
  return {
    name: ATTRIBUTION_REACTOR,
    eventTypes: [
      'marketing.CampaignMessageSent',
      'marketing.JourneyMessageSent',
      'sales.OrderPlaced',
      'sales.OrderRefunded',
      'sales.OrderCancelled',
    ],
    async react(event, reaction) {
      const command = commandFor(event.type, event.data, event.eventId, app.now());
      const { customerId } = command.data;
      await app.run(
        {
          ...systemMeta(reaction.actor.name, reaction.tenantId, reaction.correlationId),
          idempotencyKey: reaction.idempotencyKey,
        },
        customerTouchesDecider,
        customerTouchesStreamId(customerId),
        command,
        customerId,
      );
    },
  };
}
