// The registry of public event contracts: every event type and schema version a consumer can meet
// on `crm.<context>.events`. It checks the contracts when built (so a broken schema fails the
// test suite, not an integrator), and answers `schemaFor(type, version)`.
import Ajv from 'ajv';
import { InvalidContractError, MissingContractError } from './contract-errors';
import type { ContextContracts, EventContract, JsonSchema } from './event-contract';
import { CONTEXT_PATTERN, EVENT_TYPE_PATTERN_SOURCE } from './envelope-contract.schema';
import { buildMessageSchema } from './message-schema';
import { addContractFormats } from './schema-formats';
import { contextOfEventType } from './topic-naming';

const EVENT_TYPE_PATTERN = new RegExp(EVENT_TYPE_PATTERN_SOURCE);

/** A (type, version) pair as it appears on an envelope. */
export interface EventTypeVersion {
  readonly type: string;
  readonly schemaVersion: number;
}

export class ContractRegistry {
  private readonly byKey = new Map<string, EventContract>();
  private readonly contextList: readonly ContextContracts[];

  constructor(contexts: readonly ContextContracts[]) {
    const seenContexts = new Set<string>();
    for (const context of contexts) {
      if (!CONTEXT_PATTERN.test(context.context)) {
        throw new InvalidContractError(
          `Context ${JSON.stringify(context.context)} is not kebab-case`,
        );
      }
      if (seenContexts.has(context.context))
        throw new InvalidContractError(`Context ${context.context} is listed twice`);
      seenContexts.add(context.context);
      for (const contract of context.events) this.add(context.context, contract);
    }
    this.contextList = [...contexts].sort((a, b) => a.context.localeCompare(b.context));
    this.checkVersionsAreContiguous();
    this.checkSchemasCompile();
  }

  /** Contexts sorted by name, each with its contracts as declared. */
  contexts(): readonly ContextContracts[] {
    return this.contextList;
  }

  eventTypes(): string[] {
    return [...new Set([...this.byKey.values()].map((c) => c.type))].sort();
  }

  /** Every contract, sorted by type then version. */
  contracts(): EventContract[] {
    return [...this.byKey.values()].sort(
      (a, b) => a.type.localeCompare(b.type) || a.schemaVersion - b.schemaVersion,
    );
  }

  has(type: string, schemaVersion: number): boolean {
    return this.byKey.has(key(type, schemaVersion));
  }

  contractFor(type: string, schemaVersion: number): EventContract {
    const contract = this.byKey.get(key(type, schemaVersion));
    if (!contract) throw new MissingContractError(type, schemaVersion);
    return contract;
  }

  /** The self-contained JSON Schema of a published message (envelope + data) of this type and version. */
  schemaFor(type: string, schemaVersion: number): JsonSchema {
    return buildMessageSchema(this.contractFor(type, schemaVersion));
  }

  dataSchemaFor(type: string, schemaVersion: number): JsonSchema {
    return this.contractFor(type, schemaVersion).dataSchema;
  }

  latestVersion(type: string): number | undefined {
    let latest: number | undefined;
    for (const contract of this.byKey.values()) {
      if (contract.type === type && (latest === undefined || contract.schemaVersion > latest))
        latest = contract.schemaVersion;
    }
    return latest;
  }

  /** The pairs without a contract, formatted `type vN`; empty when everything is covered. */
  missing(pairs: Iterable<EventTypeVersion>): string[] {
    const missing = new Set<string>();
    for (const { type, schemaVersion } of pairs) {
      if (!this.has(type, schemaVersion)) missing.add(`${type} v${schemaVersion}`);
    }
    return [...missing].sort();
  }

  private add(context: string, contract: EventContract): void {
    const where = `${contract.type} v${String(contract.schemaVersion)}`;
    if (!EVENT_TYPE_PATTERN.test(contract.type)) {
      throw new InvalidContractError(`${where}: the type is not <context>.<PastTenseName>`);
    }
    if (contextOfEventType(contract.type) !== context) {
      throw new InvalidContractError(
        `${where} is declared in context ${context}, but its type belongs to ${contextOfEventType(contract.type)}`,
      );
    }
    if (!Number.isInteger(contract.schemaVersion) || contract.schemaVersion < 1) {
      throw new InvalidContractError(`${where}: schemaVersion must be an integer >= 1`);
    }
    if (!contract.description.trim())
      throw new InvalidContractError(`${where}: the description is empty`);
    if (this.byKey.has(key(contract.type, contract.schemaVersion)))
      throw new InvalidContractError(`${where} is declared twice`);
    this.byKey.set(key(contract.type, contract.schemaVersion), contract);
  }

  // A consumer that meets v3 must be able to find v1 and v2 too (replays from the store carry
  // upcast events, but Kafka retention may still hold old versions).
  private checkVersionsAreContiguous(): void {
    for (const type of this.eventTypes()) {
      const latest = this.latestVersion(type) ?? 0;
      for (let version = 1; version <= latest; version += 1) {
        if (!this.has(type, version))
          throw new InvalidContractError(`${type} has v${latest} but no v${version}`);
      }
    }
  }

  private checkSchemasCompile(): void {
    const ajv = addContractFormats(new Ajv({ allErrors: true, strict: true }));
    for (const contract of this.byKey.values()) {
      const where = `${contract.type} v${contract.schemaVersion}`;
      // A nested $id would clash between versions once the schemas are embedded in one document.
      if ('$id' in contract.dataSchema)
        throw new InvalidContractError(`${where}: a data schema must not declare $id`);
      try {
        ajv.compile(buildMessageSchema(contract));
      } catch (error) {
        throw new InvalidContractError(
          `${where}: the data schema does not compile: ${(error as Error).message}`,
        );
      }
      const validateData = ajv.compile(contract.dataSchema);
      for (const [index, example] of (contract.examples ?? []).entries()) {
        if (!validateData(example)) {
          throw new InvalidContractError(
            `${where}: example ${index} does not match its own schema: ${ajv.errorsText(validateData.errors)}`,
          );
        }
      }
    }
  }
}

function key(type: string, schemaVersion: number): string {
  return `${type}@${schemaVersion}`;
}
