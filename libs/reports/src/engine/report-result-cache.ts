// Figures already computed at the same read-model position (R1, ADR 0307): dashboards run the same
// standard reports for many viewers over and over, and a read model that applied no new event
// since gives the same rows. A result is reused only for the same definition, the same record
// scope, the same applied position of the serving read model and the same minute of the report's
// clock (figures that age with time, such as days in stage, move at most a minute late). Reports
// whose figures depend on another read model (joins) or on exchange rates are never cached.
import type { ReportResult } from './report-engine';

export class ReportResultCache {
  private readonly entries = new Map<string, ReportResult>();

  constructor(private readonly maxEntries = 500) {}

  get(key: string): ReportResult | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Least recently used goes first: re-insert on a hit.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, result: ReportResult): void {
    this.entries.delete(key);
    this.entries.set(key, result);
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
