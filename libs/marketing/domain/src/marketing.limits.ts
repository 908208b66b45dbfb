// Every size limit of the marketing context, defined once: the service's parsers and the rule
// parser enforce them, the docs quote them.
export const MARKETING_LIMITS = {
  /** Client-chosen ids: segment, template, campaign, customer. */
  id: 200,
  /** Names of segments, templates and campaigns. */
  name: 200,
  /** Conditions in one segment rule (leaves), and its nesting depth. */
  ruleConditions: 50,
  ruleDepth: 6,
  /** Values of one `in` condition, and the length of one string value. */
  ruleValues: 50,
  ruleValueLength: 200,
  /** Largest N of "no purchase in N days" (ten years). */
  purchaseDays: 3650,
  /** Largest N a rule may compare open opportunities with. */
  openOpportunities: 10_000,
  /** A template's subject and its MJML body, in characters. */
  subject: 300,
  templateBody: 100_000,
  /** A merge field's fallback text. */
  fallback: 200,
} as const;
