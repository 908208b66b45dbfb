// Journey funnels from marketing's own read model (`marketing-journey-funnels`, the one the
// console's journey funnel reads): one document per journey version with how many enrolments
// entered, went through each step, completed and converted. Counts only, never customers, and
// undated: the read model keeps no instant, so a window, `period` and asOf are refused (every
// dimension and measure is listed in `undatedForAsOf`). Tenant-wide for every role of the tenant,
// like journeys. `journeySteps` expands a version into one row per step it reached.
import {
  MARKETING_JOURNEY_FUNNELS_MODEL,
  MARKETING_JOURNEY_FUNNELS_PROJECTION,
  type JourneyFunnelDocument,
  type JourneyFunnelStepCounts,
} from '@crm/marketing-read-models';
import { declareDataset, type AsOfSupport, type DimensionSpec, type MeasureSpec } from './dataset';
import { counter, field } from './server-expressions';

type FunnelRow = JourneyFunnelDocument;
type StepRow = FunnelRow & { readonly stepId: string; readonly counts: JourneyFunnelStepCounts };

const journeyDimensions = {
  journey: {
    label: 'Journey',
    value: (doc: FunnelRow) => doc.journeyId,
    server: () => field('journeyId'),
  },
  version: {
    label: 'Journey version',
    value: (doc: FunnelRow) => String(doc.version),
    server: () => ({ $toString: field('version') }),
  },
} satisfies Record<string, DimensionSpec<FunnelRow>>;

const count = (doc: FunnelRow, key: 'entered' | 'completed' | 'converted') => doc[key] ?? 0;

/** Every part refused as of an instant: the funnel read model dates nothing. */
function undated<D>(
  dimensions: Record<string, unknown>,
  measures: Record<string, unknown>,
): AsOfSupport<D> {
  return {
    at: (doc) => doc,
    undatedDimensions: Object.keys(dimensions),
    undatedMeasures: Object.keys(measures),
  };
}

const funnelMeasures = {
  journeyVersions: { kind: 'count', label: 'Journey versions' },
  entered: {
    kind: 'sum',
    label: 'Entered',
    value: (doc) => count(doc, 'entered'),
    server: () => counter('entered'),
  },
  completed: {
    kind: 'sum',
    label: 'Completed (ran out of steps)',
    value: (doc) => count(doc, 'completed'),
    server: () => counter('completed'),
  },
  converted: {
    kind: 'sum',
    label: "Converted (reached the journey's goal)",
    value: (doc) => count(doc, 'converted'),
    server: () => counter('converted'),
  },
  active: {
    kind: 'sum',
    label: 'Active (entered, not yet out)',
    value: (doc) =>
      Math.max(0, count(doc, 'entered') - count(doc, 'completed') - count(doc, 'converted')),
  },
  conversionRate: {
    kind: 'quotient',
    label: 'Converted % (of entered)',
    numerator: (doc) => count(doc, 'converted'),
    denominator: (doc) => count(doc, 'entered'),
  },
} satisfies Record<string, MeasureSpec<FunnelRow>>;

export const journeyFunnelsDataset = declareDataset<FunnelRow>({
  name: 'journeyFunnels',
  label: 'Journey funnels (per journey version)',
  projection: MARKETING_JOURNEY_FUNNELS_PROJECTION,
  model: MARKETING_JOURNEY_FUNNELS_MODEL,
  scope: 'marketing',
  timeField: null,
  fields: ['journeyId', 'version', 'entered', 'completed', 'converted', 'steps'],
  dimensions: journeyDimensions,
  measures: funnelMeasures,
  asOf: undated(journeyDimensions, funnelMeasures),
  record: (doc) => ({
    journey: doc.journeyId,
    version: doc.version,
    entered: count(doc, 'entered'),
    completed: count(doc, 'completed'),
    converted: count(doc, 'converted'),
  }),
});

const stepCount = (key: keyof JourneyFunnelStepCounts): MeasureSpec<StepRow> => ({
  kind: 'sum',
  label: STEP_LABELS[key],
  value: (row) => row.counts[key] ?? 0,
});
const STEP_LABELS: Record<keyof JourneyFunnelStepCounts, string> = {
  passed: 'Went through the step',
  sent: 'Mails sent (send steps)',
  skipped: 'Recipients skipped (send steps)',
  conditionHeld: 'Condition held (branch steps)',
  conditionNotHeld: 'Condition not held (branch steps)',
  deferred: 'Sends deferred by quiet hours or the cap',
};

const stepDimensions = {
  ...(journeyDimensions as Record<string, DimensionSpec<StepRow>>),
  step: { label: 'Step', value: (row: StepRow) => row.stepId },
} satisfies Record<string, DimensionSpec<StepRow>>;
const stepMeasures = {
  passed: stepCount('passed'),
  sent: stepCount('sent'),
  skipped: stepCount('skipped'),
  conditionHeld: stepCount('conditionHeld'),
  conditionNotHeld: stepCount('conditionNotHeld'),
  deferred: stepCount('deferred'),
} satisfies Record<string, MeasureSpec<StepRow>>;

export const journeyStepsDataset = declareDataset<StepRow>({
  name: 'journeySteps',
  label: 'Journey funnel steps (per journey version and step)',
  projection: MARKETING_JOURNEY_FUNNELS_PROJECTION,
  model: MARKETING_JOURNEY_FUNNELS_MODEL,
  scope: 'marketing',
  timeField: null,
  fields: ['journeyId', 'version', 'steps'],
  dimensions: stepDimensions,
  measures: stepMeasures,
  asOf: undated(stepDimensions, stepMeasures),
  expand: (doc) =>
    Object.entries(doc.steps ?? {}).map(([stepId, counts]) => ({ ...doc, stepId, counts })),
  record: (row) => ({
    journey: row.journeyId,
    version: row.version,
    step: row.stepId,
    passed: row.counts.passed ?? 0,
    sent: row.counts.sent ?? 0,
    skipped: row.counts.skipped ?? 0,
  }),
});
