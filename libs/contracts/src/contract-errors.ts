// Errors of the contract registry. They name the event type and version, because the person who
// reads them is a domain developer who forgot a schema or an integrator debugging a message.

export class InvalidContractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidContractError';
  }
}

export class MissingContractError extends Error {
  constructor(
    readonly eventType: string,
    readonly schemaVersion: number,
  ) {
    super(
      `No public contract for ${eventType} v${schemaVersion}: add its JSON Schema under ` +
        `libs/contracts/src/<context>/ and list the context in libs/contracts/src/contexts.ts`,
    );
    this.name = 'MissingContractError';
  }
}
