// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import { leadScoreDecider, type LeadScoreEvent } from './lead-score.decider';
import { scoreLead, naiveBayesWin, type LeadOutcome } from './lead-scoring';
import { DEFAULT_LEAD_SCORING_MODEL, type LeadAttributes } from './lead-scoring.model';
import { leadScoringModelDecider } from './scoring-model.decider';

const NOW = '2026-03-29T09:00:00.000Z';
const lead: LeadAttributes = { source: 'web_form', company: 'yes', email: 'yes', phone: 'no' };
const outcome = (source: string, won: boolean): LeadOutcome => ({
  attributes: { ...lead, source },
  won,
});

const noHistory = { pipelineId: 'default', outcomes: [] };

describe('lead scoring', () => {
  it('adds the fit points of the rules the lead matches, each shown', () => {
    const result = scoreLead(DEFAULT_LEAD_SCORING_MODEL, lead, [], noHistory, NOW);
    expect(result.fitFactors).toEqual([
      { attribute: 'company', equals: 'yes', points: 20 },
      { attribute: 'email', equals: 'yes', points: 10 },
      { attribute: 'source', equals: 'web_form', points: 10 },
    ]);
    expect(result.fitPoints).toBe(40);
    expect(result.modelVersion).toBe(0);
  });

  it('halves engagement points every half-life', () => {
    const result = scoreLead(
      DEFAULT_LEAD_SCORING_MODEL,
      lead,
      [
        { kind: 'form_submitted', at: NOW }, // 10, today
        { kind: 'form_submitted', at: '2026-03-15T09:00:00.000Z' }, // 14 days: 5
        { kind: 'meeting_attended', at: '2026-03-01T09:00:00.000Z' }, // 28 days: 25 / 4
      ],
      noHistory,
      NOW,
    );
    expect(result.engagementFactors.map((f) => f.decayedPoints)).toEqual([10, 5, 6.25]);
    expect(result.engagementPoints).toBe(21.25);
    expect(result.score).toBe(61.25);
  });

  it('learns the win probability by naive Bayes with smoothing, showing each contribution', () => {
    // No history: the smoothed prior, even odds.
    expect(naiveBayesWin(lead, []).winProbability).toBe(50);
    // Web-form leads were won, imported ones lost; the other attributes never differed.
    const history = [
      outcome('web_form', true),
      outcome('web_form', true),
      outcome('import', false),
      outcome('import', false),
    ];
    const win = naiveBayesWin(lead, history);
    // P(web_form | won) = (2+1)/(2+2), P(web_form | lost) = (0+1)/(2+2): odds 3, probability 75 %.
    expect(win.winProbability).toBe(75);
    expect(win.priorLogOdds).toBe(0);
    expect(win.winFactors).toEqual([
      { attribute: 'source', value: 'web_form', logOdds: 1.0986 },
      { attribute: 'company', value: 'yes', logOdds: 0 },
      { attribute: 'email', value: 'yes', logOdds: 0 },
      { attribute: 'phone', value: 'no', logOdds: 0 },
    ]);
    // An unseen value is smoothed, not a certainty.
    const unseen = naiveBayesWin({ ...lead, source: 'kafka' }, history).winProbability;
    expect(unseen).toBeGreaterThan(0);
    expect(unseen).toBeLessThan(100);
  });

  it('records an engagement once and every score with its model version and inputs', () => {
    const spec = deciderSpec(leadScoreDecider);
    const engaged: LeadScoreEvent = {
      type: 'sales.LeadEngagementRecorded',
      data: { leadId: 'l', kind: 'site_visit', occurredAt: NOW, recordedAt: NOW },
    };
    const record = {
      type: 'RecordLeadEngagement',
      data: { leadId: 'l', kind: 'site_visit', occurredAt: NOW, now: NOW },
    } as const;
    spec.given([]).when(record).then([engaged]);
    spec.given([engaged]).when(record).thenNothingHappened();
    const result = scoreLead(DEFAULT_LEAD_SCORING_MODEL, lead, [], noHistory, NOW);
    spec
      .given([engaged])
      .when({ type: 'RecordLeadScore', data: { leadId: 'l', result, now: NOW } })
      .then([{ type: 'sales.LeadScored', data: { ...result, leadId: 'l', scoredAt: NOW } }]);
  });

  it('versions each definition of a tenant model', () => {
    const { version: _v, ...model } = DEFAULT_LEAD_SCORING_MODEL;
    const define = { type: 'DefineLeadScoringModel', data: { ...model, now: NOW } } as const;
    const [first] = leadScoringModelDecider.decide(define, leadScoringModelDecider.initialState);
    expect(first?.data.version).toBe(1);
    const state = leadScoringModelDecider.evolve(leadScoringModelDecider.initialState, first!);
    expect(leadScoringModelDecider.decide(define, state)[0]?.data.version).toBe(2);
  });
});
