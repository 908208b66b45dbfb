// Service-desk satisfaction and self-service: CSAT answers (one per answered survey, credited to
// the ticket's agent and team; guarded like the desk's own CSAT results: an agent his own, a lead
// his team's), NPS answers (a company figure, tenant-wide for the desk's readers) and knowledge-base
// articles with the deflections they earned (tenant-wide for the desk's readers). CSAT % is the
// share of 4 and 5 scores; NPS is the average of +100 (9-10), 0 (7-8) and -100 (0-6), i.e. the
// percentage of promoters minus the percentage of detractors. asOf: an answer never changes once
// given (its agent and team are credited at the answer), so the answers of an instant are those
// given by then; articles as of an instant: those written by then, with the status and the
// deflections of then, from the reports context's article history (ADR 0415).
import {
  KNOWLEDGE_BASE_MODEL,
  KNOWLEDGE_BASE_PROJECTION,
  NPS_MODEL,
  SATISFACTION_MODEL,
  SATISFACTION_PROJECTION,
  type CsatAnswerDocument,
  type NpsAnswerDocument,
} from '@crm/service-desk-read-models';
import {
  REPORT_ARTICLE_HISTORY_PROJECTION,
  articleAsOf,
  withArticleThen,
  type ArticleRow,
} from './article-history';
import { declareDataset, orNone, type AsOfSupport } from './dataset';
import { counter, field, orNoneOf } from './server-expressions';

const SATISFIED_FROM = 4;
const PROMOTER_FROM = 9;
const DETRACTOR_BELOW = 7;

/** A score as a string dimension (`5`), so it groups and filters like any other. */
const scoreDimension = {
  label: 'Score',
  value: (doc: { score: number }) => String(doc.score),
  server: () => ({ $toString: field('score') }),
};

/** Answers are immutable and dated by the answer: as of an instant, those given by then. */
function answersAsGiven<D>(): AsOfSupport<D> {
  return { at: (doc) => doc, undatedDimensions: [], undatedMeasures: [] };
}

export const csatAnswersDataset = declareDataset<CsatAnswerDocument>({
  name: 'csatAnswers',
  label: 'CSAT answers',
  projection: SATISFACTION_PROJECTION,
  model: SATISFACTION_MODEL,
  scope: 'csat',
  timeField: 'answeredAt',
  fields: ['score', 'agentId', 'teamId'],
  dimensions: {
    agent: {
      label: 'Agent',
      value: (doc) => orNone(doc.agentId),
      server: () => orNoneOf(field('agentId')),
    },
    team: {
      label: 'Team',
      value: (doc) => orNone(doc.teamId),
      server: () => orNoneOf(field('teamId')),
    },
    score: scoreDimension,
  },
  measures: {
    answers: { kind: 'count', label: 'Answers' },
    csat: {
      kind: 'ratio',
      label: 'CSAT % (scores 4-5)',
      numerator: (doc) => doc.score >= SATISFIED_FROM,
      denominator: () => true,
      server: () => ({ numerator: { $gte: [field('score'), SATISFIED_FROM] }, denominator: true }),
    },
    averageScore: {
      kind: 'average',
      label: 'Average score (1-5)',
      value: (doc) => doc.score,
      server: () => field('score'),
    },
  },
  asOf: answersAsGiven(),
  record: (doc) => ({
    ticketId: doc.ticketId,
    score: doc.score,
    agent: doc.agentId ?? null,
    answeredAt: doc.answeredAt,
  }),
});

/** +100 for a promoter, -100 for a detractor, 0 for a passive: their average is the NPS. */
export function npsPoints(score: number): number {
  if (score >= PROMOTER_FROM) return 100;
  return score < DETRACTOR_BELOW ? -100 : 0;
}

export const npsAnswersDataset = declareDataset<NpsAnswerDocument>({
  name: 'npsAnswers',
  label: 'NPS answers',
  projection: SATISFACTION_PROJECTION,
  model: NPS_MODEL,
  scope: 'deskTenant',
  timeField: 'answeredAt',
  fields: ['score'],
  dimensions: { score: scoreDimension },
  measures: {
    answers: { kind: 'count', label: 'Answers' },
    nps: {
      kind: 'average',
      label: 'NPS (% promoters − % detractors)',
      value: (doc) => npsPoints(doc.score),
      server: () => ({
        $cond: [
          { $gte: [field('score'), PROMOTER_FROM] },
          100,
          { $cond: [{ $lt: [field('score'), DETRACTOR_BELOW] }, -100, 0] },
        ],
      }),
    },
    promoters: {
      kind: 'ratio',
      label: 'Promoters % (9-10)',
      numerator: (doc) => doc.score >= PROMOTER_FROM,
      denominator: () => true,
      server: () => ({ numerator: { $gte: [field('score'), PROMOTER_FROM] }, denominator: true }),
    },
    detractors: {
      kind: 'ratio',
      label: 'Detractors % (0-6)',
      numerator: (doc) => doc.score < DETRACTOR_BELOW,
      denominator: () => true,
      server: () => ({ numerator: { $lt: [field('score'), DETRACTOR_BELOW] }, denominator: true }),
    },
  },
  asOf: answersAsGiven(),
  record: (doc) => ({ customerId: doc.customerId, score: doc.score, answeredAt: doc.answeredAt }),
});

export const articlesDataset = declareDataset<ArticleRow>({
  name: 'articles',
  label: 'Knowledge-base articles (per locale)',
  projection: KNOWLEDGE_BASE_PROJECTION,
  model: KNOWLEDGE_BASE_MODEL,
  scope: 'deskTenant',
  timeField: 'updatedAt',
  fields: ['articleId', 'locale', 'status', 'deflections', 'published'],
  dimensions: {
    article: { label: 'Article', value: (doc) => doc.articleId, server: () => field('articleId') },
    locale: { label: 'Locale', value: (doc) => doc.locale, server: () => field('locale') },
    status: { label: 'Status', value: (doc) => doc.status, server: () => field('status') },
  },
  measures: {
    articles: { kind: 'count', label: 'Articles (per locale)' },
    deflections: {
      kind: 'sum',
      label: 'Deflections (questions answered without a ticket)',
      value: (doc) => doc.deflections ?? 0,
      server: () => counter('deflections'),
    },
  },
  // The time field (last update) moves: the dated history decides which articles existed then.
  asOfTimeField: false,
  asOf: {
    at: articleAsOf,
    join: withArticleThen,
    joinedProjections: [REPORT_ARTICLE_HISTORY_PROJECTION],
    undatedDimensions: [],
    undatedMeasures: [],
  },
  record: (doc) => ({
    articleId: doc.articleId,
    locale: doc.locale,
    status: doc.status,
    title: doc.published?.title ?? doc.draft.title,
    deflections: doc.deflections ?? 0,
  }),
});
