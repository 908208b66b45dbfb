import { DEFAULT_PIPELINE } from '@crm/sales-domain';
import type { OpportunityDocument } from '@crm/sales-read-models';
import { boardOfColumns, pipelineBoard } from './pipeline-board';

const opportunity = (
  id: string,
  stageId: string,
  amount: string,
  currency = 'EUR',
  expectedCloseOn = '2027-01-31',
) => ({ _id: id, stageId, amount, currency, expectedCloseOn }) as OpportunityDocument;

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

  it('counts and totals every opportunity of a column but shows only the first by close', () => {
    const board = pipelineBoard(
      DEFAULT_PIPELINE,
      [
        opportunity('late', 'new', '1.00', 'EUR', '2027-06-30'),
        opportunity('soon', 'new', '2.00', 'EUR', '2027-02-01'),
        opportunity('mid', 'new', '3.00', 'USD', '2027-03-01'),
      ],
      2,
    );
    expect(board[0]).toMatchObject({
      count: 3,
      totals: [
        { currency: 'EUR', amountMinor: 300 },
        { currency: 'USD', amountMinor: 300 },
      ],
    });
    expect(board[0]?.opportunities.map((o) => o._id)).toEqual(['soon', 'mid']);
  });

  it('puts the read model’s columns in the pipeline’s order, empty where it has none', () => {
    const board = boardOfColumns(DEFAULT_PIPELINE, [
      {
        stageId: 'proposal',
        count: 7,
        totals: [{ currency: 'EUR', amountMinor: 700 }],
        opportunities: [],
      },
    ]);
    expect(board.map((c) => [c.stage.stageId, c.count])).toEqual([
      ['new', 0],
      ['qualified', 0],
      ['proposal', 7],
      ['negotiation', 0],
    ]);
  });
});
