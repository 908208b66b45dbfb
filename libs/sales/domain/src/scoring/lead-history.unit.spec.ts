import { LeadHistoryFold, leadOutcomesOf } from './lead-history';

const captured = (leadId: string, email?: string) => ({
  type: 'sales.LeadCaptured',
  data: { leadId, source: 'web_form', contact: { name: 'N', ...(email ? { email } : {}) } },
});
const converted = (leadId: string, opportunityId: string) => ({
  type: 'sales.LeadConverted',
  data: { leadId, opportunityId },
});
const outcome = (opportunityId: string, won: boolean) => ({
  type: won ? 'sales.OpportunityWon' : 'sales.OpportunityLost',
  data: { opportunityId },
});

const log = [
  captured('l1', 'a@example.com'),
  captured('l2'),
  converted('l1', 'o1'),
  converted('l2', 'o2'),
  outcome('o1', false),
  captured('l3', 'c@example.com'),
  outcome('o2', true),
  converted('l3', 'o3'),
  outcome('o1', true), // reopened and won: the last outcome counts
];

describe('lead history for scoring', () => {
  it('folded in parts, as the service catches up before each score, equals one pass', () => {
    const whole = leadOutcomesOf(log);
    expect(whole).toEqual([
      { attributes: { source: 'web_form', company: 'no', email: 'yes', phone: 'no' }, won: true },
      { attributes: { source: 'web_form', company: 'no', email: 'no', phone: 'no' }, won: true },
    ]);
    for (let cut = 0; cut <= log.length; cut += 1) {
      const fold = new LeadHistoryFold();
      log.slice(0, cut).forEach((e) => fold.apply(e));
      expect(fold.outcomes()).toEqual(leadOutcomesOf(log.slice(0, cut)));
      log.slice(cut).forEach((e) => fold.apply(e));
      expect(fold.outcomes()).toEqual(whole);
    }
  });

  it('splits the history by the pipeline each deal was opened in (ADR 0480)', () => {
    const opened = (opportunityId: string, pipelineId: string) => ({
      type: 'sales.OpportunityOpened',
      data: { opportunityId, pipelineId },
    });
    const perPipeline = [
      ...log.slice(0, 4),
      opened('o1', 'default'),
      opened('o2', 'partner'),
      ...log.slice(4),
    ];
    expect(leadOutcomesOf(perPipeline, 'default').map((o) => o.attributes.email)).toEqual(['yes']);
    expect(leadOutcomesOf(perPipeline, 'partner').map((o) => o.attributes.email)).toEqual(['no']);
    expect(leadOutcomesOf(perPipeline, 'other')).toEqual([]);
    expect(leadOutcomesOf(perPipeline)).toHaveLength(2);
  });
});
