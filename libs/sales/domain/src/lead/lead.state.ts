// State of a lead, as a tagged union: a lead that does not exist has no owner, a converted lead
// always names its customer and opportunity.

interface Known {
  readonly leadId: string;
  readonly ownerId: string | null;
  readonly teamId: string | null;
}

export type LeadState =
  | { readonly status: 'None' }
  | (Known & {
      readonly status: 'Open' | 'Qualified';
      /** The pending follow-up reminder, if any (cleared when it fires). */
      readonly followUpAt?: string;
    })
  /** Its personal data is shredded; it reads as absent to every command but a repeated erasure. */
  | (Known & { readonly status: 'Erased' })
  | (Known & { readonly status: 'Disqualified'; readonly reason: string })
  | (Known & {
      readonly status: 'Converted';
      readonly customerId: string;
      readonly opportunityId: string;
    });

export const initialLeadState: LeadState = { status: 'None' };
