/* eslint-disable @typescript-eslint/no-unsafe-return --
   stored events are untyped at runtime; the spec asserts their shape. */
// Forecast submissions over real gRPC and PostgreSQL: a rep submits their own call (every
// submission kept), their manager adjusts it with a note, another team's manager cannot, a rep
// cannot adjust; a period that does not exist is a field violation. Nothing is written on refusal.
import { status } from '@grpc/grpc-js';
import {
  ctx,
  manager,
  rep,
  startSalesTestService,
  type SalesTestService,
} from '../test/sales-test-service';

jest.setTimeout(60_000);

let t: SalesTestService;
beforeAll(async () => {
  t = await startSalesTestService('sales-forecast');
});
afterAll(async () => {
  await t?.stop();
});

describe('forecast submissions over gRPC', () => {
  it('keeps each submission and takes adjustments from the owner’s manager only', async () => {
    const REP = rep('rep-1', 'team-a');
    const submit = (amount: string) =>
      t.call('SubmitForecast', { ctx: ctx(), period: '2027-Q1', amount, currency: 'EUR' }, REP);
    const first = await submit('1000.00');
    await submit('1200.00');
    const adjust = {
      ctx: ctx(),
      period: '2027-Q1',
      ownerId: 'rep-1',
      amount: '1100.00',
      currency: 'EUR',
      note: 'Turing slips to Q2',
    };
    const before = (await t.events()).length;
    expect(await t.fail('AdjustForecast', adjust, REP)).toMatchObject({
      code: status.PERMISSION_DENIED,
    });
    expect(
      await t.fail('AdjustForecast', adjust, manager('mgr-2', 'team-b', ['rep-9'])),
    ).toMatchObject({ code: status.NOT_FOUND });
    const invalid = await t.fail(
      'SubmitForecast',
      { ctx: ctx(), period: '2027-Q5', amount: '-1', currency: 'EUR' },
      REP,
    );
    expect(invalid.detail.violations.map((v) => v.field)).toEqual(['period', 'amount']);
    expect((await t.events()).length).toBe(before);

    await t.call('AdjustForecast', adjust, manager('mgr-1', 'team-a', ['rep-1']));
    const events = (await t.events()).filter(
      (e) => e.stream_id === `sales.Forecast-${first.aggregateId as string}`,
    );
    expect(events.map((e) => [e.type, e.data.amount])).toEqual([
      ['sales.ForecastSubmitted', '1000.00'],
      ['sales.ForecastSubmitted', '1200.00'],
      ['sales.ForecastAdjusted', '1100.00'],
    ]);
    expect(events[2]?.data).toMatchObject({ adjustedBy: 'mgr-1', note: 'Turing slips to Q2' });
  });
});
