// Care reminders (ADR 0216). The reactor `service-desk.care-scheduler` reads, on the store's log:
//   customers.PurchaseRecorded   → durable timers `care:<kind>:<orderId>` at the follow-up (N days
//                                  after) and the warranty end (purchase date + months), those
//                                  still ahead; fired as `OpenCareTask` by `service-desk.care-timer`
//   service-desk.CsatAnswered 1–2,
//   service-desk.NpsAnswered 0–6 → OpenCareTask (detractor follow-up) at once
//   customers.DemographicsSet    → a yearly timer `care:birthday:<customerId>` at 09:00 on the
//                                  birthday in the desk's time zone (its birthday read decrypted;
//                                  none or erased: the timer is cancelled)
//   customers.PersonalDataErased → the erased customers' birthday timers cancelled
//   customers.CustomerRegistered → as DemographicsSet when it carries an imported row's
//                                  demographics (ADR 0340), else nothing
// Task ids derive from the cause (kind and order, survey answer), so timers firing twice, replays
// and redeliveries open each task once. Agents complete or dismiss them (CareTasks.close).
import {
  Role,
  principalOfCaller,
  systemCaller,
  ticketInScope,
  ticketScopeOf,
  type ServiceCaller,
} from '@crm/access-policy';
import type { EventEnvelope, EventStore, RuntimeDependencies } from '@crm/event-sourcing';
import type { ReactorDefinition } from '@crm/reactors';
import {
  birthdayCron,
  CareTaskNotFoundError,
  careTaskDecider,
  careTaskStreamId,
  isDetractor,
  purchaseReminders,
  type CareSettings,
  type CareTaskCommand,
  type CareTaskDismissReason,
  type CareTaskFacts,
  type CareTaskState,
} from '@crm/service-desk-domain';
import type { TimerFiring, TimerScheduler } from '@crm/timers';
import { v5 as uuidv5 } from 'uuid';
import {
  runDomainCommand,
  type CommandOutcome,
  type RequestMeta,
} from '../application/run-command';
import type { ServiceDeskApplication } from '../application/service-desk.application';
import { timerMeta } from '../timers/sla-timers';

export const CARE_SCHEDULER = 'service-desk.care-scheduler';
export const CARE_TIMER = 'service-desk.care-timer';
export const CARE_TIMER_OWNER = 'service-desk-care';
const TASK_NAMESPACE = '4f7d0c2e-93a1-4b8e-8d1f-6a2b3c4d5e6f';

/** The task id of one cause: the same cause always names the same task. */
export function careTaskId(tenantId: string, cause: string): string {
  return uuidv5(`${tenantId}\0${cause}`, TASK_NAMESPACE);
}

export class CareTasks {
  constructor(
    private readonly store: EventStore,
    private readonly runtime: RuntimeDependencies,
    private readonly maxRetries = 3,
  ) {}

  async open(meta: RequestMeta, taskId: string, facts: CareTaskFacts): Promise<CommandOutcome> {
    const command: CareTaskCommand = {
      type: 'OpenCareTask',
      data: { taskId, at: this.runtime.now().toISOString(), ...facts },
    };
    return runDomainCommand({
      store: this.store,
      runtime: this.runtime,
      maxRetries: this.maxRetries,
      decider: careTaskDecider,
      command,
      meta,
      streamId: careTaskStreamId(taskId),
      aggregateId: taskId,
      request: { rpc: 'OpenCareTask', fields: { taskId, ...facts } },
      notFound: () => new Error(`care task ${taskId} belongs to another tenant`),
    });
  }

  /**
   * Completes or dismisses a task in the caller's ticket scope (its agent and team, like a
   * ticket's assignee and team; unassigned: every desk role). Out of scope reads as not found;
   * the scope is checked on the state the command is decided on.
   */
  close(
    meta: RequestMeta,
    taskId: string,
    closing: { readonly reason?: CareTaskDismissReason },
  ): Promise<CommandOutcome> {
    const by = principalOfCaller(meta.caller).userId;
    const at = this.runtime.now().toISOString();
    const command: CareTaskCommand = closing.reason
      ? { type: 'DismissCareTask', data: { taskId, at, by, reason: closing.reason } }
      : { type: 'CompleteCareTask', data: { taskId, at, by } };
    return runDomainCommand({
      store: this.store,
      runtime: this.runtime,
      maxRetries: this.maxRetries,
      decider: {
        ...careTaskDecider,
        decide: (cmd, state) => {
          if (!careTaskVisibleTo(meta.caller, state)) throw new CareTaskNotFoundError(taskId);
          return careTaskDecider.decide(cmd, state);
        },
      },
      command,
      meta,
      streamId: careTaskStreamId(taskId),
      aggregateId: taskId,
      request: { rpc: command.type, fields: { taskId, ...closing } },
      notFound: () => new CareTaskNotFoundError(taskId),
    });
  }
}

function careTaskVisibleTo(caller: ServiceCaller, state: CareTaskState): boolean {
  if (state.status === 'absent') return false;
  if (caller.actor.kind === 'system') return true;
  return ticketInScope(ticketScopeOf(principalOfCaller(caller)), {
    ...(state.agentId !== undefined && { assigneeId: state.agentId }),
    ...(state.teamId !== undefined && { teamId: state.teamId }),
  });
}

interface ReactedData {
  readonly at: string;
  readonly customerId?: string;
  readonly orderId?: string;
  readonly purchasedAt?: string;
  readonly ticketId?: string;
  readonly surveyId?: string;
  readonly score?: number;
  readonly agentId?: string;
  readonly teamId?: string;
}

export function careScheduler(
  tasks: CareTasks,
  tickets: ServiceDeskApplication,
  timers: TimerScheduler,
  settings: CareSettings,
  clock: { now(): Date },
  birthdays: BirthdayReminders,
): ReactorDefinition {
  return {
    name: CARE_SCHEDULER,
    eventTypes: [
      'customers.PurchaseRecorded',
      'service-desk.CsatAnswered',
      'service-desk.NpsAnswered',
      'customers.DemographicsSet',
      'customers.PersonalDataErased',
      'customers.CustomerRegistered',
    ],
    async react(event, reaction) {
      const data = event.data as ReactedData;
      const meta: RequestMeta = {
        caller: systemCaller(reaction.actor.name, reaction.tenantId, [Role.ADMIN]),
        tenantId: reaction.tenantId,
        correlationId: reaction.correlationId,
        idempotencyKey: reaction.idempotencyKey,
      };
      if (
        event.type === 'customers.DemographicsSet' ||
        event.type === 'customers.PersonalDataErased' ||
        event.type === 'customers.CustomerRegistered'
      )
        return birthdays.react(event);
      if (event.type === 'customers.PurchaseRecorded') {
        const reminders = purchaseReminders(
          Date.parse(data.purchasedAt ?? ''),
          settings,
          clock.now().getTime(),
        );
        for (const { kind, dueAt } of reminders)
          await timers.schedule({
            tenantId: reaction.tenantId,
            key: `care:${kind}:${data.orderId}`,
            command: {
              type: 'OpenCareTask',
              data: {
                kind,
                customerId: data.customerId,
                orderId: data.orderId,
                dueAt: new Date(dueAt).toISOString(),
              },
            },
            schedule: { at: new Date(dueAt) },
          });
        return;
      }
      const survey = event.type === 'service-desk.CsatAnswered' ? 'csat' : 'nps';
      const score = data.score ?? Number.NaN;
      if (!isDetractor(survey, score)) return;
      // A CSAT answer names its ticket; the customer is the ticket's, when it has one.
      const customerId =
        data.customerId ??
        (data.ticketId !== undefined
          ? (await tickets.ticketAsOf(meta, data.ticketId, Number.MAX_SAFE_INTEGER)).customerId
          : undefined);
      const cause = `detractor:${survey}:${data.ticketId ?? data.customerId}:${data.surveyId}`;
      await tasks.open(meta, careTaskId(reaction.tenantId, cause), {
        kind: 'detractor_follow_up',
        dueAt: data.at,
        score,
        ...(customerId !== undefined && { customerId }),
        ...(data.ticketId !== undefined && { ticketId: data.ticketId }),
        // The agent the customer rated calls them back (their lead sees it in the team's list).
        ...(data.agentId !== undefined && { agentId: data.agentId }),
        ...(data.teamId !== undefined && { teamId: data.teamId }),
      });
    },
  };
}

/**
 * Birthday reminders: one yearly timer per customer, moved when their demographics change and
 * cancelled when the birthday goes (or the customer is erased). The rule holds the day and month,
 * not the year; `customers` reads the birthday decrypted (customer-personal-data.ts).
 */
export class BirthdayReminders {
  constructor(
    private readonly customers: EventStore,
    private readonly timers: TimerScheduler,
    private readonly timeZone: string,
  ) {}

  async react(event: EventEnvelope): Promise<void> {
    const data = event.data as { customerId: string; erasedCustomerIds?: string[] };
    if (event.type === 'customers.PersonalDataErased') {
      for (const customerId of new Set([data.customerId, ...(data.erasedCustomerIds ?? [])]))
        await this.timers.cancel(event.tenantId, birthdayKey(customerId));
      return;
    }
    // An imported row's registration carries its demographics (ADR 0340): only those stand for a
    // DemographicsSet; a registration without them says nothing about the birthday.
    const registered = event.type === 'customers.CustomerRegistered';
    if (registered && !(event.data as { demographics?: unknown }).demographics) return;
    const { events } = await this.customers.readStream(event.streamId, {
      fromVersion: event.streamVersion,
      maxCount: 1,
      tenantId: event.tenantId,
    });
    const clear = events[0]?.data as
      { birthday?: unknown; demographics?: { birthday?: unknown } } | undefined;
    const birthday = registered ? clear?.demographics?.birthday : clear?.birthday;
    const cron = typeof birthday === 'string' ? birthdayCron(birthday) : undefined;
    if (!cron) {
      await this.timers.cancel(event.tenantId, birthdayKey(data.customerId));
      return;
    }
    await this.timers.schedule({
      tenantId: event.tenantId,
      key: birthdayKey(data.customerId),
      command: { type: 'OpenCareTask', data: { kind: 'birthday', customerId: data.customerId } },
      schedule: { cron, timeZone: this.timeZone },
    });
  }
}

const birthdayKey = (customerId: string) => `care:birthday:${customerId}`;

/**
 * What the care timer worker runs: the task named by its kind and order, or for a birthday by the
 * customer and the day it is due (one task a year).
 */
export function fireCareTask(tasks: CareTasks): (firing: TimerFiring) => Promise<void> {
  return async (firing) => {
    const facts = firing.command.data as CareTaskFacts;
    const dueAt = firing.dueAt.toISOString();
    const birthday = facts.kind === 'birthday';
    await tasks.open(
      timerMeta(firing),
      careTaskId(
        firing.tenantId,
        birthday
          ? `birthday:${facts.customerId}:${dueAt.slice(0, 10)}`
          : `${facts.kind}:${facts.orderId}`,
      ),
      birthday ? { ...facts, dueAt } : facts,
    );
  };
}
