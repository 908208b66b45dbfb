// Care reminders as agent tasks (stream `service-desk.CareTask-<taskId>`): a follow-up some days
// after a purchase, the end of a purchase's warranty, a follow-up of a detractor's CSAT or NPS
// answer. Task ids derive from what caused them (order, survey), so a task is opened once however
// often its timer or reaction runs. An agent completes it or dismisses it with a reason, once.
// When a purchase's reminders fall due is a pure function here.
import type { Decider } from '@crm/event-sourcing';
import { ServiceDeskDomainError } from '../errors';

export const CARE_TASK_KINDS = [
  'purchase_follow_up',
  'warranty_expiry',
  'detractor_follow_up',
  'birthday',
] as const;
export type CareTaskKind = (typeof CARE_TASK_KINDS)[number];

interface Message<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data & { readonly taskId: string; readonly at: string };
}

export interface CareTaskFacts {
  readonly kind: CareTaskKind;
  readonly customerId?: string;
  /** When the agent should act (ISO). */
  readonly dueAt: string;
  /** What caused it: the order, the ticket or survey answer. */
  readonly orderId?: string;
  readonly ticketId?: string;
  readonly score?: number;
  /** Who should act: the agent (and team) a detractor rated; none: the team leads dispatch it. */
  readonly agentId?: string;
  readonly teamId?: string;
}

export const CARE_TASK_DISMISS_REASONS = [
  'not_needed',
  'customer_unreachable',
  'customer_declined',
  'duplicate',
] as const;
export type CareTaskDismissReason = (typeof CARE_TASK_DISMISS_REASONS)[number];

export type OpenCareTask = Message<'OpenCareTask', CareTaskFacts>;
/** `by`: the agent who did it (from the caller's token). */
export type CompleteCareTask = Message<'CompleteCareTask', { readonly by: string }>;
export type DismissCareTask = Message<
  'DismissCareTask',
  { readonly by: string; readonly reason: CareTaskDismissReason }
>;
export type CareTaskCommand = OpenCareTask | CompleteCareTask | DismissCareTask;

export type CareTaskOpened = Message<'service-desk.CareTaskOpened', CareTaskFacts>;
export type CareTaskCompleted = Message<'service-desk.CareTaskCompleted', { readonly by: string }>;
export type CareTaskDismissed = Message<
  'service-desk.CareTaskDismissed',
  { readonly by: string; readonly reason: CareTaskDismissReason }
>;
export type CareTaskEvent = CareTaskOpened | CareTaskCompleted | CareTaskDismissed;

export type CareTaskStatus = 'open' | 'completed' | 'dismissed';
export type CareTaskState =
  | { readonly status: 'absent' }
  | ({ readonly status: CareTaskStatus; readonly taskId: string } & CareTaskFacts);

export class CareTaskNotFoundError extends ServiceDeskDomainError {
  readonly code = 'CARE_TASK_NOT_FOUND';
  constructor(readonly taskId: string) {
    super(`care task ${taskId} does not exist`);
  }
}

/** Completing or dismissing a task that is already done or dismissed (other than a retry). */
export class CareTaskNotOpenError extends ServiceDeskDomainError {
  readonly code = 'CARE_TASK_NOT_OPEN';
  constructor(
    readonly taskId: string,
    readonly status: CareTaskStatus,
  ) {
    super(`care task ${taskId} is already ${status}`);
  }
}

function closeTask(
  command: CompleteCareTask | DismissCareTask,
  state: CareTaskState,
): CareTaskEvent[] {
  if (state.status === 'absent') throw new CareTaskNotFoundError(command.data.taskId);
  const closing: CareTaskStatus = command.type === 'CompleteCareTask' ? 'completed' : 'dismissed';
  if (state.status === closing) return [];
  if (state.status !== 'open') throw new CareTaskNotOpenError(command.data.taskId, state.status);
  return command.type === 'CompleteCareTask'
    ? [{ type: 'service-desk.CareTaskCompleted', data: command.data }]
    : [{ type: 'service-desk.CareTaskDismissed', data: command.data }];
}

export const careTaskDecider: Decider<CareTaskState, CareTaskCommand, CareTaskEvent> = {
  initialState: { status: 'absent' },
  decide: (command, state) => {
    switch (command.type) {
      case 'OpenCareTask':
        return state.status === 'absent'
          ? [{ type: 'service-desk.CareTaskOpened', data: command.data }]
          : [];
      case 'CompleteCareTask':
      case 'DismissCareTask':
        return closeTask(command, state);
      default: {
        const unknown: never = command;
        return unknown;
      }
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'service-desk.CareTaskOpened':
        return { status: 'open', ...event.data };
      case 'service-desk.CareTaskCompleted':
        return state.status === 'absent' ? state : { ...state, status: 'completed' };
      case 'service-desk.CareTaskDismissed':
        return state.status === 'absent' ? state : { ...state, status: 'dismissed' };
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  },
};

export interface CareSettings {
  /** Days after a purchase when the follow-up is due. */
  readonly followUpDays: number;
  /** Months of warranty from the purchase date. */
  readonly warrantyMonths: number;
}

const DAY_MS = 86_400_000;

/** `months` calendar months after the instant (UTC), clamped to the month's last day. */
export function addMonths(instant: number, months: number): number {
  const date = new Date(instant);
  const target = new Date(date);
  target.setUTCDate(1);
  target.setUTCMonth(date.getUTCMonth() + months);
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target.getTime();
}

/**
 * The reminders of a purchase that still lie ahead of `now`: a reminder already past (an old
 * purchase read again, a replay) would only be noise.
 */
export function purchaseReminders(
  purchasedAt: number,
  settings: CareSettings,
  now: number,
): { kind: CareTaskKind; dueAt: number }[] {
  const reminders: { kind: CareTaskKind; dueAt: number }[] = [
    { kind: 'purchase_follow_up', dueAt: purchasedAt + settings.followUpDays * DAY_MS },
    { kind: 'warranty_expiry', dueAt: addMonths(purchasedAt, settings.warrantyMonths) },
  ];
  return reminders.filter((reminder) => reminder.dueAt > now);
}

/**
 * The yearly rule of a birthday reminder: 09:00 local on the day and month of `birthday`
 * (`YYYY-MM-DD`); 29 February is met on the 28th, so it comes every year. Undefined when the date
 * is not one (an erased birthday reads "[erased]").
 */
export function birthdayCron(birthday: string): string | undefined {
  const match = /^\d{4}-(\d{2})-(\d{2})$/.exec(birthday);
  if (!match) return undefined;
  const month = Number(match[1]);
  const day = Number(match[2]);
  const daysIn = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (daysIn === undefined || day < 1 || day > daysIn) return undefined;
  return month === 2 && day === 29 ? '0 9 28 2 *' : `0 9 ${day} ${month} *`;
}

/** CSAT 1–2 and NPS 0–6 are detractors: someone calls them back. */
export function isDetractor(survey: 'csat' | 'nps', score: number): boolean {
  return survey === 'csat' ? score <= 2 : score <= 6;
}
