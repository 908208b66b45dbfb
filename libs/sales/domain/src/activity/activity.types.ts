// Values an activity is made of: what kind it is and the sales record it is about.
export const ACTIVITY_KINDS = ['call', 'meeting', 'task'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** The sales record (or the customer, in the customers context) an activity is linked to. */
export const ACTIVITY_SUBJECT_KINDS = ['lead', 'opportunity', 'customer', 'quote'] as const;
export type ActivitySubjectKind = (typeof ACTIVITY_SUBJECT_KINDS)[number];

export interface ActivitySubject {
  readonly kind: ActivitySubjectKind;
  readonly id: string;
}
