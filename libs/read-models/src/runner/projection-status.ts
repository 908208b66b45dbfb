// What `cli status` shows per projection: the serving target, unfinished rebuilds, checkpoints,
// lag against the store head (store source, rebuilds) or the topics' end offsets (Kafka source),
// and parked events. Read from MongoDB, Kafka and the store, so any process can report it.
import type { Logger, StoreHead } from '@crm/messaging';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { decodeFieldKey } from '../mongo/field-key';
import { ParkedEventRepository } from '../parking/parked-event.repository';
import type { ProjectionDefinition } from '../projection/projection-definition';
import type { ProjectionTarget } from '../targets/projection-target';
import { ProjectionTargetRepository } from '../targets/projection-target.repository';
import { captureEndOffsets, topicsOf } from './projection-topics';

export interface TargetReport {
  readonly id: string;
  readonly state: ProjectionTarget['state'];
  readonly serving: boolean;
  readonly storeCheckpoint: number;
  readonly kafkaOffsets: Readonly<Record<string, number>>;
  /** Store head − checkpoint (building targets and store-sourced projections). */
  readonly storeLag: number;
  /** Σ end offset − next offset over the projection's partitions (Kafka-sourced serving target). */
  readonly kafkaLag: number | undefined;
}

export interface ProjectionReport {
  readonly projection: string;
  readonly version: number;
  readonly source: 'kafka' | 'store';
  readonly onPoison: ProjectionDefinition['onPoison'];
  readonly servingTargetId: string | null;
  readonly servingVersion: number | null;
  readonly storeHead: number;
  readonly targets: readonly TargetReport[];
  readonly parked: number;
}

export async function projectionReport(
  definition: ProjectionDefinition,
  deps: {
    connection: Connection;
    storeHead: StoreHead;
    kafka?: Kafka;
    topicNamespace?: string;
    logger?: Logger;
  },
): Promise<ProjectionReport> {
  const targets = new ProjectionTargetRepository(deps.connection);
  const parking = new ParkedEventRepository(deps.connection);
  const [alias, list, head, parked] = await Promise.all([
    targets.alias(definition.name),
    targets.listTargets(definition.name),
    deps.storeHead.position(),
    parking.list({ projection: definition.name, status: 'parked' }),
  ]);
  const source = definition.source ?? 'kafka';
  const endOffsets =
    source === 'kafka' && deps.kafka
      ? await captureEndOffsets(deps.kafka, topicsOf(definition, deps.topicNamespace))
      : undefined;
  return {
    projection: definition.name,
    version: definition.version,
    source,
    onPoison: definition.onPoison,
    servingTargetId: alias?.targetId ?? null,
    servingVersion: alias?.version ?? null,
    storeHead: head,
    parked: parked.length,
    targets: list
      .filter((t) => t.state !== 'retired' || t._id === alias?.targetId)
      .map((t) => {
        const offsets = Object.fromEntries(
          Object.entries(t.kafkaOffsets).map(([k, v]) => [decodeFieldKey(k), v]),
        );
        const kafkaLag =
          endOffsets && t._id === alias?.targetId
            ? [...endOffsets].reduce(
                (sum, [key, end]) => sum + Math.max(0, end - (offsets[key] ?? 0)),
                0,
              )
            : undefined;
        return {
          id: t._id,
          state: t.state,
          serving: t._id === alias?.targetId,
          storeCheckpoint: t.storeCheckpoint,
          kafkaOffsets: offsets,
          storeLag: Math.max(0, head - t.storeCheckpoint),
          kafkaLag,
        };
      }),
  };
}
