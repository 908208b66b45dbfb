// GraphQL types of the auditor API: the stored envelope as an auditor sees it (payloads as stored:
// personal fields stay encrypted here), Relay connections, the state as of T, integrity reports.
import { Field, Float, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsInt, IsISO8601, IsOptional, Matches, Min } from 'class-validator';
import type { AuditFinding, AuditReport, EventEnvelope } from '@crm/event-sourcing';
import { PageInfo } from '../customers/models/connections.model';

const CONTEXT_NAME = /^[a-z][a-z0-9-]{0,62}$/;
const EVENT_TYPE = /^[a-z][a-z0-9-]{0,62}\.[A-Z][A-Za-z0-9]{0,127}$/;
const STREAM_ID = /^[a-z][a-z0-9-]{0,62}\.[A-Z][A-Za-z0-9]{0,127}-.{1,200}$/;

@ObjectType({ description: 'A stored event, exactly as the log holds it.' })
export class AuditEvent {
  @Field(() => String) eventId!: string;
  @Field(() => String) type!: string;
  @Field(() => Int) schemaVersion!: number;
  @Field(() => String) streamId!: string;
  @Field(() => Int) streamVersion!: number;
  @Field(() => Float, { description: 'Position in the global log (an integer).' })
  globalPosition!: number;
  @Field(() => String, { description: 'ISO-8601 UTC decision time.' }) occurredAt!: string;
  @Field(() => String, { description: '"user" or "system".' }) actorKind!: string;
  @Field(() => String, { description: 'User id, or the system process name.' }) actorId!: string;
  @Field(() => [String]) actorRoles!: string[];
  @Field(() => String) correlationId!: string;
  @Field(() => String) causationId!: string;
  @Field(() => String, {
    description: 'The payload as a JSON string; personal fields as stored (encrypted, {"$enc":…}).',
  })
  dataJson!: string;
  @Field(() => String) hash!: string;
  @Field(() => String, { nullable: true }) previousHash!: string | null;
}

export function toAuditEvent(e: EventEnvelope): AuditEvent {
  return {
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    globalPosition: e.globalPosition,
    occurredAt: e.occurredAt,
    actorKind: e.actor.kind,
    actorId: e.actor.kind === 'user' ? e.actor.userId : e.actor.name,
    actorRoles: e.actor.kind === 'user' ? [...e.actor.roles] : [],
    correlationId: e.correlationId,
    causationId: e.causationId,
    dataJson: JSON.stringify(e.data),
    hash: e.hash,
    previousHash: e.previousHash,
  };
}

@ObjectType()
export class AuditEventEdge {
  @Field(() => String) cursor!: string;
  @Field(() => AuditEvent) node!: AuditEvent;
}

@ObjectType()
export class AuditEventConnection {
  @Field(() => [AuditEventEdge]) edges!: AuditEventEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@InputType({ description: 'All given filters must match; within a list any value matches.' })
export class AuditEventsFilter {
  @Field(() => [String], { nullable: true, description: 'Bounded contexts, e.g. ["customers"].' })
  @IsOptional()
  @ArrayMaxSize(20)
  @Matches(CONTEXT_NAME, { each: true })
  contexts?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Event types, e.g. customers.ContactAdded.',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  @Matches(EVENT_TYPE, { each: true })
  types?: string[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(STREAM_ID)
  streamId?: string | null;

  @Field(() => Float, { nullable: true, description: 'First global position (inclusive).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  fromPosition?: number | null;

  @Field(() => Float, { nullable: true, description: 'Last global position (inclusive).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  toPosition?: number | null;

  @Field(() => String, { nullable: true, description: 'occurredAt ≥ this ISO-8601 instant.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  occurredFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'occurredAt < this ISO-8601 instant.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  occurredTo?: string | null;
}

@ObjectType({ description: 'An aggregate as it was at an instant or global position.' })
export class AggregateAsOfResult {
  @Field(() => String) streamId!: string;
  @Field(() => Int, { description: 'The stream version folded (0: nothing yet at that time).' })
  version!: number;
  @Field(() => Boolean, { description: 'False when no decider is known for this stream category.' })
  stateKnown!: boolean;
  @Field(() => String, { nullable: true, description: 'The folded state as a JSON string.' })
  stateJson!: string | null;
  @Field(() => [AuditEvent], { description: 'The events that led there, in stream order.' })
  events!: AuditEvent[];
}

@InputType()
export class IntegrityRangeInput {
  @Field(() => Float) @IsInt() @Min(1) fromPosition!: number;
  @Field(() => Float) @IsInt() @Min(1) toPosition!: number;
}

export const MAX_VERIFY_RANGE = 1_000_000;

@ObjectType()
export class IntegrityFinding {
  @Field(() => String, {
    description: 'hash_mismatch, event_missing, event_moved, … (docs/auditing.md).',
  })
  kind!: string;
  @Field(() => Float, { nullable: true }) globalPosition!: number | null;
  @Field(() => String, { nullable: true }) streamId!: string | null;
  @Field(() => Int, { nullable: true }) streamVersion!: number | null;
  @Field(() => Int, { nullable: true }) checkpointSequence!: number | null;
  @Field(() => String) message!: string;
}

@ObjectType()
export class IntegrityReport {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => Int) checkedEvents!: number;
  @Field(() => Int) sealedEvents!: number;
  @Field(() => Int) unsealedEvents!: number;
  @Field(() => Int) checkpoints!: number;
  @Field(() => [IntegrityFinding]) findings!: IntegrityFinding[];
}

export function toIntegrityReport(report: AuditReport): IntegrityReport {
  const finding = (f: AuditFinding): IntegrityFinding => ({
    kind: f.kind,
    globalPosition: f.globalPosition,
    streamId: f.streamId ?? null,
    streamVersion: f.streamVersion ?? null,
    checkpointSequence: f.checkpointSequence ?? null,
    message: f.message,
  });
  return {
    ok: report.ok,
    checkedEvents: report.checkedEvents,
    sealedEvents: report.sealedEvents,
    unsealedEvents: report.unsealedEvents,
    checkpoints: report.checkpoints,
    findings: report.findings.map(finding),
  };
}

/** `asOf`: an ISO-8601 instant or a global position. */
export const AS_OF = /^(\d{1,15}|\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2}))$/;
