// The optional idempotency key every context command input carries (sent in the RequestContext).
import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, Matches } from 'class-validator';
import { IDEMPOTENCY_KEY_RULE } from '../customers/inputs/validation-rules';

@InputType({ isAbstract: true })
export abstract class IdempotentCommandInput {
  @Field(() => String, {
    nullable: true,
    description: 'Makes a retried mutation a no-op returning the first result.',
  })
  @IsOptional()
  @Matches(IDEMPOTENCY_KEY_RULE, {
    message: 'idempotencyKey must be 1-128 characters of letters, digits, ".", "_", ":" or "-"',
  })
  idempotencyKey?: string | null;
}
