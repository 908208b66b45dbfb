// One read of `projection_aliases` per worker per interval, shared by its runners (ADR 0430).
// Each live runner looks for an alias switch (a rebuild's) every poll interval; with ~30 runners
// that was ~30 single-document reads per interval. Here the first look of an interval reads every
// alias at once and the others use that answer: a switch is still seen within one interval.
import type { Connection } from 'mongoose';
import type { ProjectionAlias } from './projection-target';
import { ProjectionTargetRepository } from './projection-target.repository';

/** The alias a projection's reads are served from, at most `maxAgeMs` old. */
export type AliasLookup = (projection: string) => Promise<ProjectionAlias | null>;

export class SharedAliasReader {
  private readonly targets: ProjectionTargetRepository;
  private last:
    { readonly at: number; readonly aliases: Promise<Map<string, ProjectionAlias>> } | undefined;

  constructor(
    connection: Connection,
    private readonly maxAgeMs: number,
  ) {
    this.targets = new ProjectionTargetRepository(connection);
  }

  readonly alias: AliasLookup = async (projection) => {
    const now = Date.now();
    if (!this.last || now - this.last.at >= this.maxAgeMs) {
      const aliases = this.targets
        .listAliases()
        .then((all) => new Map(all.map((alias) => [alias._id, alias])));
      // A failed read is not cached: the next look reads again.
      aliases.catch(() => {
        if (this.last?.aliases === aliases) this.last = undefined;
      });
      this.last = { at: now, aliases };
    }
    return (await this.last.aliases).get(projection) ?? null;
  };
}
