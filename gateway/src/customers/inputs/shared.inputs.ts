// The base classes of the command inputs (the customer command inputs are generated from the proto:
// customer-inputs.table.ts).
import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, Matches } from 'class-validator';
import { IDEMPOTENCY_KEY_RULE, UuidField } from './validation-rules';

@InputType({ isAbstract: true })
export abstract class CommandInput {
  @Field(() => String, {
    nullable: true,
    description:
      'Makes a retried mutation a no-op that returns the first result. Unique per user action; 1-128 of [A-Za-z0-9._:-].',
  })
  @IsOptional()
  @Matches(IDEMPOTENCY_KEY_RULE, {
    message: 'idempotencyKey must be 1-128 characters of letters, digits, ".", "_", ":" or "-"',
  })
  idempotencyKey?: string | null;
}

@InputType({ isAbstract: true })
export abstract class CustomerCommandInput extends CommandInput {
  @UuidField()
  customerId!: string;
}
