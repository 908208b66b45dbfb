// The public envelope schema in @crm/contracts repeats the store's own (contracts may not depend
// on the store). This test is the tie: change one, and it fails until the other follows.
import { envelopeContractSchema } from '@crm/contracts';
import { eventEnvelopeJsonSchema } from '@crm/event-sourcing';

describe('the published envelope contract', () => {
  it('is exactly the event store envelope schema', () => {
    expect(envelopeContractSchema).toEqual(eventEnvelopeJsonSchema);
  });
});
