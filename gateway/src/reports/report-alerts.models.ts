// GraphQL types of the report alerts: threshold rules a tenant admin sets on standard reports, and
// the alerts the scheduled checks recorded (threshold breached, read model disagreeing with the
// event store). ADR 0232.
import { Field, Float, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ReportThresholdComparison {
  below = 'below',
  above = 'above',
}
registerEnumType(ReportThresholdComparison, { name: 'ReportThresholdComparison' });

@InputType({
  description:
    'Alert when the total of `measure` in the standard report `pack`/`report` is strictly below or above `threshold` (evaluated hourly, tenant-wide). Setting an existing `ruleId` replaces it.',
})
export class ReportThresholdRuleInput {
  @Field({ description: '1 to 64 of a-z, 0-9 and -, e.g. `sla-met`.' }) ruleId!: string;
  @Field() pack!: string;
  @Field() report!: string;
  @Field() measure!: string;
  @Field(() => ReportThresholdComparison) comparison!: ReportThresholdComparison;
  @Field(() => Float) threshold!: number;
}

@ObjectType()
export class ReportThresholdRule {
  @Field() ruleId!: string;
  @Field() pack!: string;
  @Field() report!: string;
  @Field() measure!: string;
  @Field(() => ReportThresholdComparison) comparison!: ReportThresholdComparison;
  @Field(() => Float) threshold!: number;
}

@ObjectType({
  description:
    'What a scheduled report check found: `reports.ReportThresholdBreached` (rule fields and `value`) or `reports.ReadModelMismatchFound` (`dataset` and the counts).',
})
export class ReportAlert {
  @Field() eventId!: string;
  @Field() type!: string;
  @Field({ description: 'Global position of the alert event in the event store.' })
  position!: string;
  @Field() occurredAt!: string;
  @Field({ description: 'One line for people.' }) message!: string;
  @Field(() => String, { nullable: true }) ruleId!: string | null;
  @Field(() => String, { nullable: true }) pack!: string | null;
  @Field(() => String, { nullable: true }) report!: string | null;
  @Field(() => String, { nullable: true }) measure!: string | null;
  @Field(() => ReportThresholdComparison, { nullable: true })
  comparison!: ReportThresholdComparison | null;
  @Field(() => Float, { nullable: true }) threshold!: number | null;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => String, { nullable: true }) dataset!: string | null;
  @Field(() => Int, { nullable: true }) readModelRows!: number | null;
  @Field(() => Int, { nullable: true }) storeStreamsAtCheckpoint!: number | null;
  @Field(() => Int, { nullable: true }) storeStreamsAtHead!: number | null;
}
