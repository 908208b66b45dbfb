// Care reminders as agent tasks (stream `service-desk.CareTask-<taskId>`): a follow-up some days
// after a purchase, the end of a purchase's warranty, a follow-up of a detractor's CSAT or NPS
// answer. Task ids derive from what caused them (order, survey), so a task is opened once however
// often its timer or reaction runs. When a purchase's reminders fall due is a pure function here.
import type { Decider } from '@crm/event-sourcing';

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
}

export type OpenCareTask = Message<'OpenCareTask', CareTaskFacts>;
export type CareTaskCommand = OpenCareTask;

export type CareTaskOpened = Message<'service-desk.CareTaskOpened', CareTaskFacts>;
export type CareTaskEvent = CareTaskOpened;

export type CareTaskState =
  | { readonly status: 'absent' }
  | ({ readonly status: 'open'; readonly taskId: string } & CareTaskFacts);

export const careTaskDecider: Decider<CareTaskState, CareTaskCommand, CareTaskEvent> = {
  initialState: { status: 'absent' },
  decide: (command, state) =>
    state.status === 'absent' ? [{ type: 'service-desk.CareTaskOpened', data: command.data }] : [],
  evolve: (_state, event) => ({ status: 'open', ...event.data }),
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
