// Relay-style connections (edges, cursors, pageInfo) for customer search and timelines.
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Customer } from './customer.model';

@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean, { description: 'Always false: pagination is forward-only (first/after).' })
  hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType()
export class CustomerEdge {
  @Field(() => String) cursor!: string;
  @Field(() => Customer) node!: Customer;
}

@ObjectType()
export class CustomerConnection {
  @Field(() => [CustomerEdge]) edges!: CustomerEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType({
  description: 'One entry of a customer timeline: something that happened to or with the customer.',
})
export class TimelineEntry {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'The event type, e.g. customers.InteractionRecorded.' })
  type!: string;
  @Field(() => String, { description: 'ISO-8601 UTC.' }) occurredAt!: string;
  @Field(() => String, { description: 'A one-line human-readable summary.' }) summary!: string;
  @Field(() => ID, { nullable: true }) actorUserId!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Entry details (interaction or order) as a JSON object string.',
  })
  detailsJson!: string | null;
}

@ObjectType()
export class TimelineEdge {
  @Field(() => String) cursor!: string;
  @Field(() => TimelineEntry) node!: TimelineEntry;
}

@ObjectType()
export class TimelineConnection {
  @Field(() => [TimelineEdge]) edges!: TimelineEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
