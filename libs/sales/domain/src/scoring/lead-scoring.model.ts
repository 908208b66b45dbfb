// The lead scoring model a tenant declares: rule-based fit points over lead attributes, points per
// kind of engagement that halve every `halfLifeDays`, and the attributes the win probability learns
// from. Versioned: every score names the model version it used.

/** What the model may look at: no personal data, only facts about the lead. */
export const LEAD_SCORING_ATTRIBUTES = ['source', 'company', 'email', 'phone'] as const;
export type LeadScoringAttribute = (typeof LEAD_SCORING_ATTRIBUTES)[number];
export type LeadAttributes = Readonly<Record<LeadScoringAttribute, string>>;

export const ENGAGEMENT_KINDS = [
  'email_opened',
  'link_clicked',
  'site_visit',
  'form_submitted',
  'meeting_attended',
] as const;
export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];

export interface FitRule {
  readonly attribute: LeadScoringAttribute;
  readonly equals: string;
  /** May be negative (a disqualifying trait). */
  readonly points: number;
}

export interface LeadScoringModel {
  readonly version: number;
  readonly fitRules: readonly FitRule[];
  readonly engagementPoints: Readonly<Record<EngagementKind, number>>;
  /** Engagement points halve every this many days. */
  readonly halfLifeDays: number;
}

/** The model of a tenant that has declared none (version 0). */
export const DEFAULT_LEAD_SCORING_MODEL: LeadScoringModel = {
  version: 0,
  fitRules: [
    { attribute: 'company', equals: 'yes', points: 20 },
    { attribute: 'email', equals: 'yes', points: 10 },
    { attribute: 'phone', equals: 'yes', points: 10 },
    { attribute: 'source', equals: 'web_form', points: 10 },
  ],
  engagementPoints: {
    email_opened: 2,
    link_clicked: 5,
    site_visit: 3,
    form_submitted: 10,
    meeting_attended: 25,
  },
  halfLifeDays: 14,
};
