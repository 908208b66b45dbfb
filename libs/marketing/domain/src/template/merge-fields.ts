// The typed merge fields a template may use, and the locales a template version may have. A
// template naming anything else is refused when it is saved, not when it is sent.
export const TEMPLATE_LOCALES = ['en', 'zh-CN'] as const;
export type TemplateLocale = (typeof TEMPLATE_LOCALES)[number];

export const MERGE_FIELDS = [
  'customer.firstName',
  'customer.lastName',
  'customer.companyName',
  'customer.region',
  'campaign.name',
  'unsubscribeUrl',
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

/** Fields every send provides itself: no fallback needed. */
export const SYSTEM_MERGE_FIELDS: readonly MergeField[] = ['campaign.name', 'unsubscribeUrl'];

/** What one recipient can fill in (absent = unknown for this recipient). */
export interface RecipientMergeData {
  readonly firstName?: string;
  readonly lastName?: string;
  readonly companyName?: string;
  readonly region?: string;
}

export interface TemplateVersion {
  readonly locale: TemplateLocale;
  readonly subject: string;
  /** MJML source with Liquid merge fields. */
  readonly body: string;
}
