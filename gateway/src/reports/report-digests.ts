// Scheduled e-mail digests of saved reports (docs/reports.md): the owner of a saved report asks for
// it on a calendar rule in a time zone; a durable timer of owner `reports` (key `digest:<id>`)
// fires it, and the digest runs the report **in the owner's record scope as it is at send time**
// (roles and team re-read from the users table; a deactivated owner gets nothing) and mails it to
// the owner's address with the CSV attached. Delivery is at least once: a firing already delivered
// (recorded after the SMTP relay accepted it, by the firing's idempotency key) sends nothing, and a
// mail sent again after a crash keeps its Message-ID, so clients recognise the duplicate.
import { createHash } from 'node:crypto';
import { scopeNeedsTeam, type Principal } from '@crm/access-policy';
import { exportReport, type ReportFile, type ReportResult } from '@crm/reports';
import type { TimerFiring, TimerScheduler, TimerView } from '@crm/timers';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Pool } from 'pg';
import type { UserStore } from '../users/user-store';
import type { ReportRunner } from './reports.ports';
import type { SavedReportStore } from './saved-reports.repository';

export const SEND_REPORT_DIGEST = 'SendReportDigest';
export const digestTimerKey = (reportId: string) => `digest:${reportId}`;

export interface DigestMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly messageId: string;
  readonly attachment: ReportFile;
}

/** The port digests are sent through; SmtpDigestMailer is its SMTP adapter. */
export interface DigestMailer {
  send(mail: DigestMail): Promise<void>;
  close(): void;
}

export class SmtpDigestMailer implements DigestMailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(mail: DigestMail): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId,
      attachments: [
        {
          filename: mail.attachment.filename,
          contentType: mail.attachment.contentType,
          content: mail.attachment.content,
        },
      ],
    });
  }

  close(): void {
    this.transport.close();
  }
}

/** Firings whose digest the relay accepted (gateway schema), so a re-fire sends nothing. */
export class DigestDeliveries {
  private readonly table: string;

  constructor(
    private readonly pool: Pick<Pool, 'query'>,
    schema: string,
  ) {
    this.table = `"${schema}".report_digest_deliveries`;
  }

  async ensureTable(): Promise<void> {
    await this.pool.query(
      `CREATE TABLE IF NOT EXISTS ${this.table} (
         idempotency_key text PRIMARY KEY,
         tenant_id text NOT NULL,
         report_id text NOT NULL,
         sent_at timestamptz NOT NULL DEFAULT now())`,
    );
  }

  async delivered(key: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `SELECT 1 FROM ${this.table} WHERE idempotency_key = $1`,
      [key],
    );
    return (rowCount ?? 0) > 0;
  }

  async record(key: string, tenantId: string, reportId: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} (idempotency_key, tenant_id, report_id) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [key, tenantId, reportId],
    );
  }
}

export type DigestOutcome = 'sent' | 'already-sent' | 'owner-inactive' | 'report-gone';

export interface ReportDigestsDeps {
  readonly timers: TimerScheduler;
  readonly saved: SavedReportStore;
  readonly users: Pick<UserStore, 'findByIds' | 'teamMemberIds'>;
  readonly reports: Pick<ReportRunner, 'run'>;
  readonly mailer: DigestMailer;
  readonly deliveries: DigestDeliveries;
}

export class ReportDigests {
  constructor(private readonly deps: ReportDigestsDeps) {}

  /**
   * Schedules (or moves) the digest of one of the caller's own saved reports. Returns the first
   * send instant, or null when the caller owns no such report. Bad cron or zone: InvalidTimerError.
   */
  async schedule(
    owner: Principal,
    reportId: string,
    schedule: { cron: string; timeZone: string },
  ): Promise<Date | null> {
    if (!(await this.ownReport(owner, reportId))) return null;
    return this.deps.timers.schedule({
      tenantId: owner.tenantId,
      key: digestTimerKey(reportId),
      command: { type: SEND_REPORT_DIGEST, data: { reportId, ownerUserId: owner.userId } },
      schedule,
    });
  }

  /** False when the caller owns no such report or it has no digest. */
  async cancel(owner: Principal, reportId: string): Promise<boolean> {
    if (!(await this.ownReport(owner, reportId))) return false;
    return this.deps.timers.cancel(owner.tenantId, digestTimerKey(reportId));
  }

  /** After its saved report is deleted (the caller checked ownership). */
  async forget(tenantId: string, reportId: string): Promise<void> {
    await this.deps.timers.cancel(tenantId, digestTimerKey(reportId));
  }

  async get(owner: Principal, reportId: string): Promise<TimerView | null> {
    if (!(await this.ownReport(owner, reportId))) return null;
    const timer = await this.deps.timers.get(owner.tenantId, digestTimerKey(reportId));
    return timer?.status === 'scheduled' ? timer : null;
  }

  /** The TimerWorker's handling of a `SendReportDigest` firing. */
  async fire(firing: TimerFiring): Promise<DigestOutcome> {
    const { reportId, ownerUserId } = firing.command.data as {
      reportId: string;
      ownerUserId: string;
    };
    if (await this.deps.deliveries.delivered(firing.idempotencyKey)) return 'already-sent';
    const [user] = await this.deps.users.findByIds(firing.tenantId, [ownerUserId]);
    if (!user?.active) return 'owner-inactive';
    const principal: Principal = {
      userId: user.userId,
      tenantId: user.tenantId,
      roles: user.roles,
      teamId: user.teamId,
    };
    const record = await this.ownReport(principal, reportId);
    if (!record) return 'report-gone';
    const teamMemberIds =
      scopeNeedsTeam(principal) && principal.teamId
        ? await this.deps.users.teamMemberIds(principal.tenantId, principal.teamId)
        : [];
    const result = await this.deps.reports.run(record.definition, { principal, teamMemberIds });
    await this.deps.mailer.send({
      to: user.email,
      subject: `Report digest: ${record.name}`,
      text: digestText(record.name, result),
      messageId: `<digest.${createHash('sha256').update(firing.idempotencyKey).digest('hex').slice(0, 32)}@reports.crm>`,
      attachment: await exportReport(result, 'csv'),
    });
    await this.deps.deliveries.record(firing.idempotencyKey, firing.tenantId, reportId);
    return 'sent';
  }

  private async ownReport(owner: Principal, reportId: string) {
    const record = await this.deps.saved.find(owner, reportId);
    return record?.ownerUserId === owner.userId ? record : null;
  }
}

/** The digest's body: the figures as plain text (the CSV attachment has them for spreadsheets). */
export function digestText(name: string, result: ReportResult): string {
  const header = [...result.dimensions, ...result.measures].map((c) => c.label);
  const cell = (v: string | number | null) => (v === null ? '–' : String(v));
  const lines = result.rows.map((row) => [...row.dimensions, ...row.values].map(cell));
  const totals = ['Total', ...result.dimensions.slice(1).map(() => ''), ...result.totals.map(cell)];
  const table = [header, ...lines, ...(result.dimensions.length > 0 ? [totals] : [])];
  return [
    `${name} (${result.dataset}), generated ${result.generatedAt}`,
    `Read model ${result.freshness.eventsBehind} events behind the event store.`,
    '',
    ...table.map((row) => row.join(' | ')),
    '',
  ].join('\n');
}
