import type { Author } from './records.ts';

/**
 * What every versioned record (a report or KPI actual, an opinion, a publication, an assignment) holds
 * besides its content. Only `stamp` below sets these: callers give content and the version they read.
 */
export interface Versioned {
  /** 1 for the first write, then +1 for every accepted change; the ETag is `"<version>"`. */
  version: number;
  /** ISO 8601 (UTC) time of the request that wrote it. */
  updatedAt: string;
  updatedBy: Author;
}

/** A record as its writer gives it: everything but what `stamp` owns. */
export type Content<R extends Versioned> = Omit<R, keyof Versioned>;

/** Every revision item also records the version it made, when, and who. */
export interface RevisionStamp {
  version: number;
  at: string;
  by: Author;
}

/**
 * One write of a versioned record and its revision, as callers give it: the new content, the version
 * they read (null: "nothing is there yet", a create), what the revision records, and the request's
 * clock reading and caller.
 */
export interface VersionedWrite<R extends Versioned, V extends RevisionStamp> {
  content: Content<R>;
  expectedVersion: number | null;
  change: Omit<V, keyof RevisionStamp>;
  at: string;
  by: Author;
}

/**
 * The record and the revision a write stores: the one place that decides a record's next version
 * (the version read + 1, 1 for a create), its updatedAt/updatedBy and its revision's stamp, so that a
 * form save, an import, a review step, an opinion, a publication and an assignment cannot count differently.
 * Pure: an import also uses it to show what it would write.
 */
export function stamp<R extends Versioned, V extends RevisionStamp>(write: VersionedWrite<R, V>): { record: R; revision: V } {
  const version = (write.expectedVersion ?? 0) + 1;
  const record = { ...write.content, version, updatedAt: write.at, updatedBy: write.by } as R;
  const revision = { ...write.change, version, at: write.at, by: write.by } as V;
  return { record, revision };
}
