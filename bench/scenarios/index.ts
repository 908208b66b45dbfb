// The scenarios, in the order `npm run bench` runs them.
import type { Scenario } from '../harness/scenario';
import { b1BackupRestore } from './b1-backup-restore.bench';
import { p1Append } from './p1-append.bench';
import { p2CatchUp } from './p2-catch-up.bench';
import { p3Relay } from './p3-relay.bench';
import { p4Rebuild } from './p4-rebuild.bench';
import { p5MutationVisible } from './p5-mutation-visible.bench';
import { p6CustomerRead } from './p6-customer-read.bench';
import { p7CostGrowth } from './p7-cost-growth.bench';
import { p8Import } from './p8-import.bench';
import { p9RegistrationCapacity } from './p9-registration-capacity.bench';
import { p15Audit } from './p15-audit.bench';
import { t1Timers } from './t1-timers.bench';
import { l1LoyaltyLedger } from './l1-loyalty-ledger.bench';
import { r1Reports } from './r1-reports.bench';
import { r2Reconciliation } from './r2-reconciliation.bench';
import { s1SalesLeadsForecast } from './s1-sales-leads-forecast.bench';
import { s2PipelineBoard } from './s2-pipeline-board.bench';
import { d1ServiceDesk } from './d1-service-desk.bench';
import { m1SegmentEvaluation } from './m1-segment-evaluation.bench';
import { m2JourneySends } from './m2-journey-sends.bench';
import { m3MembershipAsOf } from './m3-membership-as-of.bench';

export const SCENARIOS: readonly Scenario[] = [
  p1Append,
  p2CatchUp,
  p3Relay,
  p4Rebuild,
  p5MutationVisible,
  p6CustomerRead,
  p7CostGrowth,
  p8Import,
  p9RegistrationCapacity,
  p15Audit,
  t1Timers,
  b1BackupRestore,
  l1LoyaltyLedger,
  r1Reports,
  r2Reconciliation,
  s1SalesLeadsForecast,
  d1ServiceDesk,
  m1SegmentEvaluation,
  s2PipelineBoard,
  m2JourneySends,
  m3MembershipAsOf,
];
