// What the Marketing service tells the event store: the event types it may append with their public
// schemas (validated on append). Marketing events carry no personal data (recipients by id only),
// so no personal-data policy wraps the store.
import { storeEventTypes } from '@crm/contracts';
import { marketingContracts } from '@crm/contracts/marketing';
import type { EventTypeDefinition } from '@crm/event-sourcing';

export function marketingEventTypes(): EventTypeDefinition[] {
  return storeEventTypes(marketingContracts.events);
}
