// What the journey view shows of a published definition (its trigger and steps, read from the
// JSON the API returns) and of a funnel (one bar per stage, entered → steps → out), and how ROI
// reads. Pure, so the unit tier covers it (journey-view.unit.spec.ts).

export interface JourneyStepView {
  readonly id: string;
  readonly kind: string;
  /** What the step does: the template and locale, the wait, the branch targets, the goal. */
  readonly detail: string;
}

export interface JourneyDefinitionView {
  readonly trigger: string;
  readonly steps: readonly JourneyStepView[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : '';

function triggerOf(trigger: unknown): string {
  if (!isObject(trigger)) return '';
  switch (trigger['kind']) {
    case 'event':
      return `event ${text(trigger['eventType'])}`;
    case 'birthday':
      return `birthday ${text(trigger['localTime']) || '09:00'} ${text(trigger['timeZone'])}`.trim();
    case 'inactivity':
      return `inactivity ${text(trigger['days'])} d`;
    case 'segmentEntered':
      return `segment entered ${text(trigger['segmentId'])}`;
    default:
      return text(trigger['kind']);
  }
}

function detailOf(step: Json): string {
  switch (step['kind']) {
    case 'send':
      return [text(step['templateId']), text(step['locale'])].filter(Boolean).join(' · ');
    case 'wait':
      return `${text(step['minutes'])} min`;
    case 'branch':
      return `→ ${text(step['then'])} | ${text(step['else'])}`;
    case 'exit':
      return text(step['goal']);
    default:
      return '';
  }
}

/** The trigger and steps of a definition; a definition that does not parse shows none. */
export function journeyDefinitionView(definitionJson: string): JourneyDefinitionView {
  let parsed: unknown;
  try {
    parsed = JSON.parse(definitionJson);
  } catch {
    return { trigger: '', steps: [] };
  }
  if (!isObject(parsed)) return { trigger: '', steps: [] };
  const steps = Array.isArray(parsed['steps']) ? parsed['steps'].filter(isObject) : [];
  return {
    trigger: triggerOf(parsed['trigger']),
    steps: steps.map((s) => ({ id: text(s['id']), kind: text(s['kind']), detail: detailOf(s) })),
  };
}

export interface FunnelCounts {
  readonly entered: number;
  readonly completed: number;
  readonly converted: number;
  readonly steps: readonly { readonly stepId: string; readonly passed: number }[];
}

/** The funnel's bars in order: who entered, who went through each step, who completed or converted. */
export function funnelBars(
  funnel: FunnelCounts,
  labels: { entered: string; completed: string; converted: string },
): { label: string; count: number }[] {
  return [
    { label: labels.entered, count: funnel.entered },
    ...funnel.steps.map((s) => ({ label: s.stepId, count: s.passed })),
    { label: labels.completed, count: funnel.completed },
    { label: labels.converted, count: funnel.converted },
  ];
}

/** ROI as a whole percent with its sign (0.5 → "+50 %"); without cost there is none ("—"). */
export function roiPercent(roi: number | null | undefined): string {
  if (roi === null || roi === undefined || !Number.isFinite(roi)) return '—';
  const percent = Math.round(roi * 100);
  return `${percent > 0 ? '+' : ''}${percent} %`;
}
