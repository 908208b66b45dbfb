// What customer mutations and service-answered queries return.
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConsentDecisionReason, DuplicateMatch, ImportState } from './customer-enums';

@ObjectType({
  description:
    'The outcome of a command. Read models catch up asynchronously; subscribe to customerChanged to see it.',
})
export class CommandResult {
  @Field(() => ID, { description: 'The customer (or custom-field definitions) id.' })
  customerId!: string;
  @Field(() => Int, { description: 'Stream version after the command.' }) streamVersion!: number;
  @Field(() => Boolean, {
    description: 'True when nothing new was written (idempotent retry or no change).',
  })
  replayed!: boolean;
  @Field(() => ID, { nullable: true, description: 'Id of the created contact or interaction.' })
  createdId!: string | null;
  @Field(() => [String], { description: 'Types of the appended events.' }) eventTypes!: string[];
  @Field(() => String) correlationId!: string;
  @Field(() => [ID], {
    description:
      'erasePersonalData only: every customer id erased — merged records are one person, so the whole merge group. Empty otherwise.',
  })
  erasedCustomerIds!: string[];
  @Field(() => String, {
    description:
      'Global position of the command in the event store (decimal). Pass it as atLeastPosition to a query to read your own write.',
  })
  position!: string;
}

@ObjectType()
export class DuplicateCandidate {
  @Field(() => ID) customerId!: string;
  @Field(() => [DuplicateMatch]) matchedOn!: DuplicateMatch[];
  @Field(() => Int, {
    description: 'Number of distinct matched identifiers; higher is more likely the same person.',
  })
  score!: number;
}

@ObjectType()
export class RegisterCustomerPayload {
  @Field(() => ID) customerId!: string;
  @Field(() => CommandResult) result!: CommandResult;
  @Field(() => [DuplicateCandidate], {
    description: 'Existing customers you may see that share an e-mail, phone or national id.',
  })
  possibleDuplicates!: DuplicateCandidate[];
}

@ObjectType()
export class ConsentDecision {
  @Field(() => Boolean) allowed!: boolean;
  @Field(() => ConsentDecisionReason) reason!: ConsentDecisionReason;
  @Field(() => String, { nullable: true }) since!: string | null;
  @Field(() => String, { nullable: true }) source!: string | null;
  @Field(() => ID, { nullable: true }) mergedIntoCustomerId!: string | null;
}

@ObjectType()
export class ImportFieldProblem {
  @Field(() => String) field!: string;
  @Field(() => String) code!: string;
  @Field(() => String) message!: string;
}

@ObjectType()
export class RejectedRow {
  @Field(() => Int, { description: '1 = first data row after the header.' }) rowNumber!: number;
  @Field(() => String, { nullable: true }) externalId!: string | null;
  @Field(() => [ImportFieldProblem]) reasons!: ImportFieldProblem[];
}

@ObjectType()
export class ImportError {
  @Field(() => String) code!: string;
  @Field(() => String) message!: string;
}

@ObjectType()
export class ImportJob {
  @Field(() => ID) importId!: string;
  @Field(() => ImportState) state!: ImportState;
  @Field(() => Int) rowsRead!: number;
  @Field(() => Int) rowsCreated!: number;
  @Field(() => Int) rowsLinked!: number;
  @Field(() => Int) rowsSkipped!: number;
  @Field(() => Int) rowsRejected!: number;
  @Field(() => [RejectedRow], { description: 'One page of rejected rows.' })
  rejected!: RejectedRow[];
  @Field(() => String, { nullable: true, description: 'Pass as rejectedAfter for the next page.' })
  nextRejectedPageToken!: string | null;
  @Field(() => String, { nullable: true }) startedAt!: string | null;
  @Field(() => String, { nullable: true }) finishedAt!: string | null;
  @Field(() => ImportError, {
    nullable: true,
    description: 'Set when the file itself was unreadable (state FAILED).',
  })
  error!: ImportError | null;
  @Field(() => String, { nullable: true }) fileName!: string | null;
}

@ObjectType()
export class PersonalDataExport {
  @Field(() => ID) customerId!: string;
  @Field(() => String, { description: 'Everything held about the person, as a JSON document.' })
  documentJson!: string;
  @Field(() => String) exportedAt!: string;
}
