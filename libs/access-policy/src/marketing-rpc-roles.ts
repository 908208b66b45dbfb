// Which roles may call each RPC of crm.marketing.v1.MarketingService (proto/marketing.proto). The
// gateway declares the same roles on the GraphQL operations that send these RPCs; services/marketing
// refuses any other caller with PERMISSION_DENIED before it reads or writes anything. Marketing
// records are tenant-wide: marketers and admins write, every other role only reads (gateway).
import { ALL_ROLES, Role } from './role';
import { type Principal } from './principal';

export const MARKETING_WRITERS = [Role.ADMIN, Role.MARKETER] as const;

export const MARKETING_RPC_ROLES = {
  DefineSegment: MARKETING_WRITERS,
  CreateTemplate: MARKETING_WRITERS,
  // Reads only (renders for one customer); auditors may look too.
  PreviewMessage: [...MARKETING_WRITERS, Role.AUDITOR],
  CreateCampaign: MARKETING_WRITERS,
  ScheduleCampaign: MARKETING_WRITERS,
  CancelCampaign: MARKETING_WRITERS,
  SendCampaign: MARKETING_WRITERS,
  SendTestMessage: MARKETING_WRITERS,
  // An approval is another person's look: admins approve what marketers prepare.
  ApproveCampaign: [Role.ADMIN],
  // The signed link is the authority: whoever relays it (the gateway's public endpoint) may.
  Unsubscribe: ALL_ROLES,
  // The same for a tracking pixel or link.
  TrackEngagement: ALL_ROLES,
  PublishJourney: MARKETING_WRITERS,
  InstallReadyMadeJourney: MARKETING_WRITERS,
  RecordMarketingCost: MARKETING_WRITERS,
  // Reads: every role may see journeys and attribution (marketing records are tenant-wide).
  ListJourneys: ALL_ROLES,
  AttributionReport: ALL_ROLES,
  // Evaluating may record the winner and send the rest of the audience: a write.
  EvaluateCampaignVariants: MARKETING_WRITERS,
  // The tenant's sending caps and quiet hours bind every marketer's sends: admins set them.
  SetSendingPolicy: [Role.ADMIN],
  GetSendingPolicy: ALL_ROLES,
  // Configured cut-offs are a marketing choice, as segments are.
  SetRfmCutOffs: MARKETING_WRITERS,
  PauseJourney: MARKETING_WRITERS,
  ResumeJourney: MARKETING_WRITERS,
} as const satisfies Readonly<Record<string, readonly Role[]>>;

export type MarketingRpc = keyof typeof MARKETING_RPC_ROLES;

export function isMarketingRpc(name: string): name is MarketingRpc {
  return Object.prototype.hasOwnProperty.call(MARKETING_RPC_ROLES, name);
}

/** Whether the principal holds a role that may call `rpc` (unknown RPCs: nobody). */
export function mayCallMarketingRpc(principal: Principal, rpc: string): boolean {
  if (!isMarketingRpc(rpc)) return false;
  const allowed: readonly Role[] = MARKETING_RPC_ROLES[rpc];
  return principal.roles.some((r) => allowed.includes(r));
}
