// The Loyalty projections: member balances with lots, the tenant's points liability and program. They read
// the store's log directly (loyalty events carry no personal data: no decrypting view).
import type { ProjectionDefinition } from '@crm/read-models';
import { memberBalanceProjection } from './member-balance.projection';
import { pointsLiabilityProjection } from './points-liability.projection';
import { programProjection } from './program.projection';

export { memberBalanceProjection, projectMemberBalance } from './member-balance.projection';
export { pointsLiabilityProjection, projectPointsLiability } from './points-liability.projection';
export { programProjection, projectProgram } from './program.projection';

export const LOYALTY_PROJECTIONS: readonly ProjectionDefinition[] = [
  memberBalanceProjection,
  pointsLiabilityProjection,
  programProjection,
];
