// Keeps the pre-aggregated standard reports current (ADR 0330): every `intervalMs`, each report
// whose read model applied new events since its groups were computed (at most once per interval),
// whose UTC month turned, or that was never computed, is grouped again. It runs in the projections
// process beside the projections whose read models it adds up; a failed pass is logged and the
// next one retries, while reports keep answering from the previous groups or from the rows.
import type { Logger } from '@crm/messaging';
import { ReportRollups } from '@crm/reports';
import type { Connection } from 'mongoose';

export interface ReportRollupWorker {
  stop(): Promise<void>;
}

export function startReportRollupWorker(
  connection: Connection,
  intervalMs: number,
  logger: Logger,
): ReportRollupWorker {
  const rollups = new ReportRollups({ connection });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> = Promise.resolve();
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      pass = runPass();
    }, intervalMs);
  };
  const runPass = async () => {
    try {
      const started = Date.now();
      const refreshed = await rollups.refreshDue(intervalMs);
      if (refreshed.length > 0)
        logger.debug({ refreshed, ms: Date.now() - started }, 'report rollups refreshed');
    } catch (error) {
      logger.warn({ err: error }, 'report rollups pass failed; retrying next interval');
    }
    schedule();
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await pass;
    },
  };
}
