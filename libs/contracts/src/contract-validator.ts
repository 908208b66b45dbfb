// Validates a published message (the JSON envelope on a topic) against the registry: the envelope
// shape first, then the contract of its type and version. Used by the relay's contract gate, by
// the contract tests, and by integrations that want to check what they receive.
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { ContractRegistry } from './contract-registry';
import { envelopeContractSchema } from './envelope-contract.schema';
import { buildMessageSchema } from './message-schema';
import { addContractFormats } from './schema-formats';

export interface ContractViolation {
  readonly eventId?: string;
  readonly type?: string;
  readonly schemaVersion?: number;
  /** `missing_contract` | `invalid_envelope` | `invalid_message`. */
  readonly reason: 'missing_contract' | 'invalid_envelope' | 'invalid_message';
  readonly details: readonly string[];
}

export class ContractValidator {
  private readonly ajv = addContractFormats(new Ajv({ allErrors: true, strict: false }));
  private readonly validateEnvelope: ValidateFunction;
  private readonly byKey = new Map<string, ValidateFunction>();

  constructor(private readonly registry: ContractRegistry) {
    this.validateEnvelope = this.ajv.compile(envelopeContractSchema);
  }

  /** Undefined when the message satisfies its contract, otherwise why not. */
  check(message: unknown): ContractViolation | undefined {
    // A type seen before has its compiled message schema, which includes the envelope's: one pass
    // clears a valid message (the relay checks every event). Only a failure takes the long way
    // below, which checks the envelope first to say precisely what is wrong.
    const known = this.compiledValidatorOf(message);
    if (known?.(message)) return undefined;
    if (!this.validateEnvelope(message)) {
      return {
        reason: 'invalid_envelope',
        details: format(this.validateEnvelope.errors),
        ...identify(message),
      };
    }
    const { type, schemaVersion } = message as { type: string; schemaVersion: number };
    if (!this.registry.has(type, schemaVersion)) {
      return {
        reason: 'missing_contract',
        details: [`no contract for ${type} v${schemaVersion}`],
        ...identify(message),
      };
    }
    const validate = this.validatorFor(type, schemaVersion);
    if (!validate(message))
      return { reason: 'invalid_message', details: format(validate.errors), ...identify(message) };
    return undefined;
  }

  /** Throws with every problem when the message does not satisfy its contract. */
  assertValid(message: unknown): void {
    const violation = this.check(message);
    if (violation) throw new Error(describeViolation(violation));
  }

  private compiledValidatorOf(message: unknown): ValidateFunction | undefined {
    if (typeof message !== 'object' || message === null) return undefined;
    const { type, schemaVersion } = message as { type?: unknown; schemaVersion?: unknown };
    if (typeof type !== 'string' || typeof schemaVersion !== 'number') return undefined;
    return this.byKey.get(`${type}@${schemaVersion}`);
  }

  private validatorFor(type: string, schemaVersion: number): ValidateFunction {
    const cacheKey = `${type}@${schemaVersion}`;
    let validate = this.byKey.get(cacheKey);
    if (!validate) {
      validate = this.ajv.compile(
        buildMessageSchema(this.registry.contractFor(type, schemaVersion)),
      );
      this.byKey.set(cacheKey, validate);
    }
    return validate;
  }
}

export function describeViolation(violation: ContractViolation): string {
  const what = violation.type ? `${violation.type} v${String(violation.schemaVersion)}` : 'message';
  const id = violation.eventId ? ` (event ${violation.eventId})` : '';
  return `${what}${id} breaks its contract (${violation.reason}): ${violation.details.join('; ')}`;
}

function format(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

function identify(message: unknown): Pick<ContractViolation, 'eventId' | 'type' | 'schemaVersion'> {
  if (typeof message !== 'object' || message === null) return {};
  const m = message as Record<string, unknown>;
  return {
    ...(typeof m.eventId === 'string' ? { eventId: m.eventId } : {}),
    ...(typeof m.type === 'string' ? { type: m.type } : {}),
    ...(typeof m.schemaVersion === 'number' ? { schemaVersion: m.schemaVersion } : {}),
  };
}
