// The settings form loads the programme in force and saves the whole definition back: what the
// form does not edit (other earn rules, promotions, tier benefits) survives a save unchanged.
import { formOf, inputOf, NEW_PROGRAM, type LoadedProgram } from './program-form';

const LOADED: LoadedProgram = {
  name: 'Club',
  currency: 'EUR',
  timeZone: 'Europe/Berlin',
  tierWindowMonths: 12,
  tiers: [
    { name: 'Bronze', qualifyingThreshold: 0, multiplierPercent: 100, benefits: [] },
    {
      name: 'Gold',
      qualifyingThreshold: 1000,
      multiplierPercent: 150,
      benefits: [{ code: 'free-shipping', description: 'Free shipping' }],
    },
  ],
  settings: {
    autoEnrol: false,
    earnRules: [
      { ruleId: 'shoes', kind: 'UNIT', points: 10, category: 'shoes', capPoints: 30 },
      { ruleId: 'spend', kind: 'AMOUNT', points: 2, perAmount: '1.00' },
    ],
    promotions: [
      {
        // As Apollo returns it: an input type refuses the __typename.
        __typename: 'LoyaltyPromotionSetting',
        promotionId: 'may',
        name: 'Double May',
        from: '2026-05-01T00:00:00.000Z',
        until: '2026-06-01T00:00:00.000Z',
        multiplierPercent: 200,
      },
    ],
    lotLifetimeMonths: null,
    lotExpiryMonthDay: '12-31',
    adjustmentApprovalThreshold: 500,
    tierGraceDays: 30,
    tierBasis: 'ORDERS',
    tierPeriod: 'CALENDAR_YEAR',
    referralRefereePoints: 100,
    referralReferrerPoints: 200,
    referralReturnWindowDays: 14,
  },
};

describe('the loyalty programme settings form', () => {
  it('starts from defaults without a programme, and from the programme in force with one', () => {
    expect(formOf(null)).toBe(NEW_PROGRAM);
    expect(formOf(LOADED)).toMatchObject({
      name: 'Club',
      autoEnrol: false,
      pointsPerAmount: 2,
      perAmount: '1.00',
      lotExpiryMonthDay: '12-31',
      adjustmentApprovalThreshold: 500,
      tiers: [
        { name: 'Bronze', qualifyingThreshold: 0, multiplierPercent: 100 },
        { name: 'Gold', qualifyingThreshold: 1000, multiplierPercent: 150 },
      ],
      tierWindowMonths: 12,
      tierGraceDays: 30,
      tierBasis: 'ORDERS',
      tierPeriod: 'CALENDAR_YEAR',
      referralReturnWindowDays: 14,
    });
  });

  it('saves the edited fields and keeps the rest of the definition', () => {
    const input = inputOf({ ...formOf(LOADED), pointsPerAmount: 3, tierGraceDays: 60 }, LOADED);
    expect(input.earnRules).toEqual([
      {
        ruleId: 'shoes',
        kind: 'UNIT',
        points: 10,
        perAmount: null,
        category: 'shoes',
        capPoints: 30,
      },
      {
        ruleId: 'spend',
        kind: 'AMOUNT',
        points: 3,
        perAmount: '1.00',
        category: null,
        capPoints: null,
      },
    ]);
    expect(input.promotions).toEqual([
      {
        promotionId: 'may',
        name: 'Double May',
        from: '2026-05-01T00:00:00.000Z',
        until: '2026-06-01T00:00:00.000Z',
        multiplierPercent: 200,
      },
    ]);
    expect(input.tiers[1]?.benefits).toEqual([
      { code: 'free-shipping', description: 'Free shipping' },
    ]);
    expect(input).toMatchObject({
      lotExpiryMonthDay: '12-31',
      lotLifetimeMonths: null,
      tierWindowMonths: 12,
      tierGraceDays: 60,
      tierBasis: 'ORDERS',
      tierPeriod: 'CALENDAR_YEAR',
      referralRefereePoints: 100,
      referralReturnWindowDays: 14,
    });
  });

  it('sends no tier review or referral reward when the form leaves them empty', () => {
    const input = inputOf(NEW_PROGRAM, null);
    expect(input).toMatchObject({
      tierWindowMonths: null,
      tierBasis: null,
      referralRefereePoints: null,
      referralReturnWindowDays: null,
      promotions: [],
    });
    expect(input.earnRules).toEqual([
      {
        ruleId: 'base',
        kind: 'AMOUNT',
        points: 1,
        perAmount: '1.00',
        category: null,
        capPoints: null,
      },
    ]);
  });
});
