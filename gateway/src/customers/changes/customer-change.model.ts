// What `customerChanged` pushes: the fact that an event was appended to the customer's stream.
// No event data is forwarded (it holds encrypted personal data); query `customer` for the new state.
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Customer } from '../models/customer.model';

@ObjectType()
export class CustomerChange {
  @Field(() => ID) customerId!: string;
  @Field(() => ID) eventId!: string;
  @Field(() => String, { description: 'e.g. customers.ContactAdded' }) eventType!: string;
  @Field(() => Int) streamVersion!: number;
  @Field(() => String) occurredAt!: string;
  @Field(() => String, { description: 'Of the request that caused the change.' })
  correlationId!: string;
  /** Internal: the event's tenant, never exposed. */
  tenantId!: string;
  /** Internal: owner/team from the event, when the event changes them. */
  ownership?: { ownerUserId: string | null; teamId: string | null };
  @Field(() => Customer, {
    nullable: true,
    description: 'The read model (it may lag the event by a moment).',
  })
  customer?: Customer | null;
}
