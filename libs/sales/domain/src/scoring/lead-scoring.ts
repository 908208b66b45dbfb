// Scoring a lead, as a pure function of the model, the lead's attributes and engagements, the
// tenant's won/lost history in the lead's pipeline (ADR 0480) and the instant of scoring; every
// factor's contribution is returned.
//   fit          Σ points of the rules whose attribute equals the lead's value
//   engagement   Σ points × 0.5^(age in days / half-life), each engagement shown with its decay
//   win          naive Bayes over the lead's attributes with Laplace smoothing (as Odoo's predictive
//                scoring): log-odds of the prior plus, per attribute, ln P(value|won) / P(value|lost),
//                each contribution shown; with no history it is the smoothed prior, 50 %.
import type {
  EngagementKind,
  LeadAttributes,
  LeadScoringAttribute,
  LeadScoringModel,
} from './lead-scoring.model';
import { LEAD_SCORING_ATTRIBUTES } from './lead-scoring.model';

const DAY_MS = 86_400_000;

export interface Engagement {
  readonly kind: EngagementKind;
  readonly at: string;
}

/** A past lead whose deal was won or lost: what the win probability learns from. */
export interface LeadOutcome {
  readonly attributes: LeadAttributes;
  readonly won: boolean;
}

export interface LeadScoreResult {
  readonly modelVersion: number;
  /** The pipeline whose won/lost history the win probability learned from (ADR 0480). */
  readonly pipelineId: string;
  readonly score: number;
  readonly fitPoints: number;
  readonly engagementPoints: number;
  /** Percent, 0..100. */
  readonly winProbability: number;
  readonly fitFactors: readonly { attribute: string; equals: string; points: number }[];
  readonly engagementFactors: readonly {
    kind: string;
    at: string;
    points: number;
    decayedPoints: number;
  }[];
  readonly winFactors: readonly { attribute: string; value: string; logOdds: number }[];
  readonly priorLogOdds: number;
  /** The inputs, so the score can be recomputed and audited. */
  readonly inputs: {
    readonly attributes: LeadAttributes;
    readonly historyWon: number;
    readonly historyLost: number;
  };
}

/** Rounded to 4 decimals: events carry the same numbers on every platform. */
const round = (n: number): number => Math.round(n * 10_000) / 10_000;

export function naiveBayesWin(
  attributes: LeadAttributes,
  history: readonly LeadOutcome[],
): Pick<LeadScoreResult, 'winProbability' | 'winFactors' | 'priorLogOdds'> {
  const won = history.filter((h) => h.won);
  const lost = history.filter((h) => !h.won);
  const priorLogOdds = Math.log((won.length + 1) / (lost.length + 1));
  const winFactors = LEAD_SCORING_ATTRIBUTES.map((attribute: LeadScoringAttribute) => {
    const value = attributes[attribute];
    // Distinct values seen, plus the lead's own when unseen: the smoothing's denominator.
    const values = new Set([...history.map((h) => h.attributes[attribute]), value]).size;
    const likelihood = (group: readonly LeadOutcome[]) =>
      (group.filter((h) => h.attributes[attribute] === value).length + 1) / (group.length + values);
    return { attribute, value, logOdds: Math.log(likelihood(won) / likelihood(lost)) };
  });
  const logit = priorLogOdds + winFactors.reduce((sum, f) => sum + f.logOdds, 0);
  return {
    winProbability: round(100 / (1 + Math.exp(-logit))),
    winFactors: winFactors.map((f) => ({ ...f, logOdds: round(f.logOdds) })),
    priorLogOdds: round(priorLogOdds),
  };
}

export function scoreLead(
  model: LeadScoringModel,
  attributes: LeadAttributes,
  engagements: readonly Engagement[],
  /** The won/lost history of the pipeline the lead is scored for. */
  history: { readonly pipelineId: string; readonly outcomes: readonly LeadOutcome[] },
  now: string,
): LeadScoreResult {
  const outcomes = history.outcomes;
  const fitFactors = model.fitRules
    .filter((rule) => attributes[rule.attribute] === rule.equals)
    .map((rule) => ({ ...rule }));
  const engagementFactors = engagements.map(({ kind, at }) => {
    const points = model.engagementPoints[kind];
    const ageDays = Math.max(0, Date.parse(now) - Date.parse(at)) / DAY_MS;
    return {
      kind,
      at,
      points,
      decayedPoints: round(points * 0.5 ** (ageDays / model.halfLifeDays)),
    };
  });
  const fitPoints = fitFactors.reduce((sum, f) => sum + f.points, 0);
  const engagementPoints = round(engagementFactors.reduce((sum, f) => sum + f.decayedPoints, 0));
  return {
    modelVersion: model.version,
    pipelineId: history.pipelineId,
    score: round(fitPoints + engagementPoints),
    fitPoints,
    engagementPoints,
    ...naiveBayesWin(attributes, outcomes),
    fitFactors,
    engagementFactors,
    inputs: {
      attributes,
      historyWon: outcomes.filter((h) => h.won).length,
      historyLost: outcomes.filter((h) => !h.won).length,
    },
  };
}
