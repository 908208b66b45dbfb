// The customer 360's facts from the other contexts (ARCHITECTURE: the gateway composes views across
// contexts). Each is null when the caller's role cannot read that context.
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { MoneyAmount } from '../customers/models/customer.model';

@ObjectType({ description: "Sales facts of a customer, within the caller's sales record scope." })
export class CustomerSalesFacts {
  @Field(() => Int) openOpportunities!: number;
  @Field(() => [MoneyAmount], { description: 'Open opportunity amounts, one entry per currency.' })
  openPipeline!: MoneyAmount[];
  @Field(() => String, { nullable: true, description: 'The nearest expected close (YYYY-MM-DD).' })
  nextExpectedCloseOn!: string | null;
}

@ObjectType({ description: 'An open ticket of the customer.' })
export class CustomerOpenTicket {
  @Field(() => String) ticketId!: string;
  @Field(() => String) subject!: string;
  @Field(() => String) status!: string;
  @Field(() => String) priority!: string;
  @Field(() => String) lastActivityAt!: string;
}

@ObjectType({ description: "Service facts of a customer, within the caller's ticket scope." })
export class CustomerSurveyAnswer {
  @Field(() => Int) score!: number;
  @Field(() => String) answeredAt!: string;
  @Field(() => String, { nullable: true, description: 'CSAT: the ticket it rated.' })
  ticketId!: string | null;
}

@ObjectType()
export class CustomerServiceFacts {
  @Field(() => Int) openTickets!: number;
  @Field(() => [CustomerOpenTicket], { description: 'Most recent activity first, at most 20.' })
  recentOpenTickets!: CustomerOpenTicket[];
  @Field(() => CustomerSurveyAnswer, {
    nullable: true,
    description: 'The latest CSAT answer (1-5) on a ticket of theirs in your scope.',
  })
  lastCsat!: CustomerSurveyAnswer | null;
  @Field(() => CustomerSurveyAnswer, {
    nullable: true,
    description: 'Their latest NPS answer (0-10).',
  })
  lastNps!: CustomerSurveyAnswer | null;
}
