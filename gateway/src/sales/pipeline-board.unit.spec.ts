import { DEFAULT_PIPELINE } from '@crm/sales-domain';
import type { OpportunityDocument } from '@crm/sales-read-models';
import { pipelineBoard } from './pipeline-board';

const opportunity = (id: string, stageId: string, amount: string, currency = 'EUR') =>
  ({ _id: id, stageId, amount, currency }) as OpportunityDocument;

describe('pipeline board', () => {
  it('puts open opportunities in the pipeline’s stage columns with exact totals per currency', () => {
    const board = pipelineBoard(DEFAULT_PIPELINE, [
      opportunity('a', 'proposal', '0.10'),
      opportunity('b', 'proposal', '0.20'),
      opportunity('c', 'proposal', '5.00', 'USD'),
      opportunity('d', 'new', '100.00'),
    ]);
    expect(
      board.map((c) => [c.stage.stageId, c.opportunities.map((o) => o._id), c.totals]),
    ).toEqual([
      ['new', ['d'], [{ currency: 'EUR', amountMinor: 10000 }]],
      ['qualified', [], []],
      [
        'proposal',
        ['a', 'b', 'c'],
        [
          { currency: 'EUR', amountMinor: 30 },
          { currency: 'USD', amountMinor: 500 },
        ],
      ],
      ['negotiation', [], []],
    ]);
  });
});
