// M2: journey sends to the local SMTP server (issue 13: "journey sends to the local SMTP server, goal
// ≥ 200 e-mails/s"). The marketing service (started in this process from its own module, workers
// on, on throwaway PostgreSQL and MongoDB-wire databases) with a published journey "on entering a
// segment, send" and N customer profiles with e-mail consent; N `SegmentMembershipChanged` (entered)
// events are appended in one go, as a reconciliation pass records them, and the clock runs until N
// `JourneyMessageSent` are in the store: each a mail rendered (Liquid + MJML), tracked and handed to
// Mailpit over SMTP, with the enrolment, the step and the touch recorded. Baseline: raw nodemailer
// sending the same number of mails of the same size to the same Mailpit, one after another. CPU per
// e-mail from /proc for this process (the service), PostgreSQL and the MongoDB-wire server. The
// other apps of the platform are not started: a journey send touches none of them.
import { Role, SERVICE_AUDIENCES, generateServiceTokenKeys } from '@crm/access-policy';
import {
  MARKETING_PROTO_LOADER_OPTIONS,
  MARKETING_PROTO_PATH,
} from '@crm/contracts/marketing-grpc';
import type { NewEvent } from '@crm/event-sourcing';
import { grpcTestClient, queryDatabase } from '@crm/grpc-service/testing';
import { segmentMembershipStreamId } from '@crm/marketing-domain';
import { CUSTOMER_PROFILE_MODEL, CUSTOMER_PROFILE_PROJECTION } from '@crm/marketing-read-models';
import { ALIASES_COLLECTION } from '@crm/read-models';
import { freePort, testInfrastructure } from '@crm/testing';
import mongoose from 'mongoose';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { loadMarketingConfig } from '../../services/marketing/src/config/marketing.config';
import { startMarketingService } from '../../services/marketing/src/marketing.app';
import { PATIENT_MONGO, benchMongoUrl, dropMongoDatabase } from '../harness/mongo';
import { dropDatabase, recreateDatabase } from '../harness/postgres';
import { infraServerCpuMs, processCpuMs } from '../harness/process-cpu';
import type { ReportBuilder } from '../harness/result';
import type { BenchContext, Scenario } from '../harness/scenario';
import { nowNs, sleep } from '../harness/timer';
import { BENCH_TENANT } from '../harness/workload';
import { marketingBenchStore } from './m3-membership-as-of.bench';

const DATABASE = 'crm_bench_marketing_journeys';
const MONGO_DATABASE = 'bench_crm_marketing_journeys';
const PROFILES = 'customer_profiles_m2';
const BODY = `<mjml><mj-body><mj-section><mj-column><mj-text>Hello {{ customer.firstName }}, our spring catalogue is out: <a href="https://shop.example/spring">see it</a>. <a href="{{ unsubscribeUrl }}">Unsubscribe</a></mj-text></mj-column></mj-section></mj-body></mjml>`;

const customerId = (i: number) => `m2-${String(i).padStart(6, '0')}`;
const perSecond = (n: number, startedNs: bigint) => n / (Number(nowNs() - startedNs) / 1e9);

function profile(i: number) {
  return {
    _id: customerId(i),
    tenantId: BENCH_TENANT,
    kind: 'person',
    status: 'active',
    person: { firstName: `First${i}`, lastName: `Last${i}` },
    consents: { email: { granted: true, source: 'bench', since: '2026-01-01T00:00:00Z' } },
    contacts: {
      c1: { kind: 'email', email: `m2-${i}@bench.example`, addedAt: '2026-01-01T00:00:00Z' },
    },
    primaryContacts: { email: 'c1' },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
  };
}

/**
 * CPU (ms) of the processes an e-mail costs: this one (the service) and the servers it uses. A
 * server whose pid file is not found (another checkout's servers, no `CRM_DATA_DIR`) is left out,
 * so it is reported as not measured rather than as 0.
 */
function cpuNow(): Record<string, number | undefined> {
  return {
    marketing: processCpuMs(process.pid),
    postgres: infraServerCpuMs('postgres'),
    mongo: infraServerCpuMs('mongo'),
  };
}

export const m2JourneySends: Scenario = {
  id: 'M2',
  title: 'Journey sends to the local SMTP server (e-mails/s)',
  goal: 'journey sends to the local SMTP server ≥ 200 e-mails/s',
  baseline: 'raw nodemailer sending as many mails of the same size to the same Mailpit, same run',

  async run(ctx: BenchContext, report: ReportBuilder): Promise<void> {
    const mails = ctx.size(report, 'mails per run', 200, 2_000);
    const infra = await testInfrastructure({ require: ['postgres', 'mongo', 'mailpit'] });
    const url = await recreateDatabase(ctx.connections.postgresUrl, DATABASE);
    const mongoUrl = benchMongoUrl(ctx.connections.mongoUrl, MONGO_DATABASE);
    await dropMongoDatabase(mongoUrl);
    const mongo = await mongoose.createConnection(mongoUrl, PATIENT_MONGO).asPromise();
    await mongo.db!.collection<{ _id: string }>(ALIASES_COLLECTION).insertOne({
      _id: CUSTOMER_PROFILE_PROJECTION,
      version: 1,
      targetId: `${CUSTOMER_PROFILE_PROJECTION}.v1.bench`,
      collections: { [CUSTOMER_PROFILE_MODEL]: PROFILES },
      switchedAt: new Date(),
    } as never);
    for (let from = 0; from < mails; from += 1_000)
      await mongo
        .db!.collection(PROFILES)
        .insertMany(
          Array.from({ length: Math.min(1_000, mails - from) }, (_, k) =>
            profile(from + k),
          ) as never[],
        );
    const keys = generateServiceTokenKeys();
    const config = loadMarketingConfig({
      CRM_POSTGRES_URL: url,
      CRM_MONGO_URL: mongoUrl,
      CRM_SMTP_URL: infra.smtpUrl,
      CRM_PUBLIC_BASE_URL: 'https://crm.bench',
      CRM_MARKETING_UNSUBSCRIBE_KEY: Buffer.alloc(32, 7).toString('base64'),
      CRM_SERVICE_TOKEN_PUBLIC_KEY: keys.publicKey,
      CRM_MARKETING_GRPC_PORT: String(await freePort()),
      CRM_MARKETING_HEALTH_PORT: '0',
      // Only the journey's sends: the membership reconciliation waits an hour.
      CRM_MARKETING_MEMBERSHIP_INTERVAL_MS: '3600000',
      CRM_MARKETING_INBOUND_BOUNCES: 'off',
      CRM_LOG_LEVEL: 'warn',
    });
    const service = await startMarketingService(config, pino({ level: 'warn' }));
    const client = grpcTestClient({
      address: service.grpcAddress,
      protoPath: MARKETING_PROTO_PATH,
      loaderOptions: MARKETING_PROTO_LOADER_OPTIONS,
      serviceName: 'crm.marketing.v1.MarketingService',
      audience: SERVICE_AUDIENCES.marketing,
      defaultCaller: {
        tenantId: BENCH_TENANT,
        actor: { kind: 'user', userId: 'bench-marketer' },
        roles: [Role.MARKETER],
        teamId: null,
        teamMemberIds: [],
      },
      keys,
    });
    const store = await marketingBenchStore(url);
    const raw = nodemailer.createTransport(infra.smtpUrl);
    const ctxOf = () => ({ correlationId: '', idempotencyKey: '' });
    const sentCount = async () =>
      Number(
        (
          await queryDatabase<{ n: string }>(
            url,
            "SELECT count(*) AS n FROM event_store.events WHERE type = 'marketing.JourneyMessageSent'",
          )
        )[0]!.n,
      );
    try {
      await client.call('CreateTemplate', {
        ctx: ctxOf(),
        templateId: 'm2-spring',
        name: 'Spring',
        versions: [
          {
            locale: 'TEMPLATE_LOCALE_EN',
            subject: 'Spring news for {{ customer.firstName }}',
            body: BODY,
          },
        ],
      });
      const ours: number[] = [];
      const baseline: number[] = [];
      const cpu: Record<string, number[]> = { marketing: [], postgres: [], mongo: [] };
      let sentBefore = 0;
      for (let run = 0; run < ctx.runs; run++) {
        const segmentId = `m2-segment-${run}`;
        await client.call('DefineSegment', {
          ctx: ctxOf(),
          segmentId,
          name: segmentId,
          ruleJson: JSON.stringify({ field: 'consent.email', op: 'eq', value: true }),
        });
        await client.call('PublishJourney', {
          ctx: ctxOf(),
          journeyId: `m2-journey-${run}`,
          name: 'Spring on entry',
          definitionJson: JSON.stringify({
            trigger: { kind: 'segmentEntered', segmentId },
            steps: [{ id: 'mail', kind: 'send', templateId: 'm2-spring', locale: 'en' }],
          }),
        });
        await sleep(500);
        const at = new Date().toISOString();
        const correlationId = uuidv7();
        const events: NewEvent[] = Array.from({ length: mails }, (_, i) => ({
          eventId: uuidv7(),
          type: 'marketing.SegmentMembershipChanged',
          tenantId: BENCH_TENANT,
          occurredAt: at,
          actor: { kind: 'system', name: 'marketing.membership' },
          correlationId,
          causationId: correlationId,
          data: { segmentId, customerId: customerId(i), change: 'entered', changedAt: at },
        }));
        const cpuBefore = cpuNow();
        const started = nowNs();
        await store.appendMany([{ streamId: segmentMembershipStreamId(segmentId), events }]);
        for (;;) {
          const sent = (await sentCount()) - sentBefore;
          if (sent >= mails) break;
          if (Number(nowNs() - started) / 1e9 > 600)
            throw new Error(`M2: only ${sent} of ${mails} journey mails after 600 s`);
          await sleep(100);
        }
        ours.push(perSecond(mails, started));
        const cpuAfter = cpuNow();
        for (const key of Object.keys(cpu)) {
          const before = cpuBefore[key];
          const after = cpuAfter[key];
          if (before !== undefined && after !== undefined) cpu[key]!.push((after - before) / mails);
        }
        sentBefore += mails;

        const rawStarted = nowNs();
        for (let i = 0; i < mails; i++)
          await raw.sendMail({
            from: 'bench@crm.bench',
            to: `m2-raw-${i}@bench.example`,
            subject: `Spring news for First${i}`,
            html: BODY.repeat(4),
          });
        baseline.push(perSecond(mails, rawStarted));
        ctx.log(
          `run ${run + 1}/${ctx.runs}: journey ${ours.at(-1)!.toFixed(1)} e-mails/s, raw nodemailer ${baseline.at(-1)!.toFixed(1)}/s; CPU per e-mail ${Object.entries(
            cpu,
          )
            .map(([k, v]) => `${k} ${v.at(-1)?.toFixed(2) ?? 'not measured'} ms`)
            .join(', ')}`,
        );
      }
      const label = `${mails.toLocaleString('en')} journey mails (enrolment, render, SMTP, records)`;
      report.measure('sends', 'ours', label, 'e-mails/s', ours);
      report.measure(
        'sends',
        'raw nodemailer',
        `${mails.toLocaleString('en')} mails sent one after another`,
        'e-mails/s',
        baseline,
      );
      report.ratio('ours / raw nodemailer (e-mails/s)', 'sends', 'ours', 'sends', 'raw nodemailer');
      for (const [process, values] of Object.entries(cpu))
        if (values.length === ctx.runs)
          report.measure(`cpu.${process}`, 'ours', `CPU per e-mail: ${process}`, 'ms', values);
      report.goal(label, Math.min(...ours), '>=', 200, 'e-mails/s');
      report.note(
        'The marketing service runs in the bench process (its CPU is the process CPU while the mails go); Mailpit is not measured. With --scale: 2,000 mails per run.',
      );
    } finally {
      raw.close();
      client.client.close();
      await service.stop();
      await store.close();
      await mongo.close();
      await dropMongoDatabase(mongoUrl);
      await dropDatabase(ctx.connections.postgresUrl, DATABASE);
    }
  },
};
