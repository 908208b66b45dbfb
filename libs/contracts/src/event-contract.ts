// What a bounded context publishes: one contract per event type and schema version. Domain teams
// write these in libs/contracts/src/<context>/ and list the context once in contexts.ts.

/** A JSON Schema (draft-07 vocabulary, as ajv understands it by default) kept as plain JSON data. */
export type JsonSchema = { readonly [keyword: string]: unknown };

export interface EventContract {
  /** `<context>.<PastTenseName>`; never renamed once published. */
  readonly type: string;
  /** 1, 2, …: every version a consumer may still meet on a topic or in a replay keeps its contract. */
  readonly schemaVersion: number;
  /** One or two sentences for integrators: what happened in business terms. */
  readonly description: string;
  /** The schema of the envelope's `data` field for this type and version. */
  readonly dataSchema: JsonSchema;
  /** Set on versions that producers no longer write (they still appear in replays from the store). */
  readonly deprecated?: boolean;
  /** Example payloads; the contract tests validate them against `dataSchema`. */
  readonly examples?: readonly unknown[];
}

export interface ContextContracts {
  /** kebab-case bounded context; its topic is `crm.<context>.events`. */
  readonly context: string;
  readonly description: string;
  readonly events: readonly EventContract[];
  /** Topics the context consumes from integrations (not from the event store), e.g. inbound leads. */
  readonly inbound?: readonly InboundTopicContract[];
}

/** A topic integrations publish to and a context consumes: its message is plain JSON, not an envelope. */
export interface InboundTopicContract {
  readonly topic: string;
  readonly description: string;
  readonly messageSchema: JsonSchema;
  readonly example: unknown;
}
