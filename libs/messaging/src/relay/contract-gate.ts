// Checks each event against its public contract before the relay publishes it. `enforce` stops the
// relay at the first violation (it never skips an event: skipping would be loss), `warn` logs and
// publishes, `off` does nothing. Production runs `warn` until every context has its schemas.
import type { ContractValidator } from '@crm/contracts';
import { describeViolation } from '@crm/contracts';
import type { EventEnvelope } from '@crm/event-sourcing';
import type { Logger } from '../logger';

export type ContractGateMode = 'off' | 'warn' | 'enforce';

export class ContractViolationError extends Error {
  constructor(
    message: string,
    readonly eventId: string,
    readonly globalPosition: number,
  ) {
    super(message);
    this.name = 'ContractViolationError';
  }
}

export class ContractGate {
  private warned = 0;
  /** type@version:reason already logged: one warning per kind of problem, then only counted. */
  private readonly logged = new Set<string>();

  constructor(
    readonly mode: ContractGateMode,
    private readonly validator: ContractValidator | undefined,
    private readonly logger: Logger,
  ) {
    if (mode !== 'off' && !validator)
      throw new Error(`contract gate mode ${mode} needs a validator`);
  }

  /** Violations seen in `warn` mode since start. */
  get violations(): number {
    return this.warned;
  }

  check(events: readonly EventEnvelope[]): void {
    if (this.mode === 'off' || !this.validator) return;
    for (const event of events) {
      const violation = this.validator.check(event);
      if (!violation) continue;
      const message = describeViolation(violation);
      if (this.mode === 'enforce')
        throw new ContractViolationError(message, event.eventId, event.globalPosition);
      this.warned += 1;
      const kind = `${event.type}@${event.schemaVersion}:${violation.reason}`;
      if (this.logged.has(kind)) continue;
      this.logged.add(kind);
      this.logger.warn(
        { eventId: event.eventId, globalPosition: event.globalPosition, reason: violation.reason },
        `${message} (published anyway; further violations of this kind are only counted)`,
      );
    }
  }
}
