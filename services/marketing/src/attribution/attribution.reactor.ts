// Records what attribution needs, in the order the log holds it: every campaign and journey e-mail
// sent becomes a touch of its customer, every sales.OrderPlaced is recorded with the customer's
// touches before it. One reactor reads all three types, so a touch before an order is always
// recorded before the order is. Touch and order ids make redelivery and replay change nothing.
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
