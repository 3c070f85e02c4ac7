import { problems } from './problem.ts';

/** Strong ETag of a stored version: clients send it back in If-Match. */
export const etagOf = (version: number) => `"${version}"`;

/**
 * The version the client read, from If-Match. Absent: null (the caller decides whether that is allowed).
 * A header that names no version of ours can never match, so it is a stale write (412).
 */
export function versionFromIfMatch(header: string | undefined): number | null {
  if (header === undefined || header.trim() === '') return null;
  const match = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(header);
  if (!match) throw problems.preconditionFailed('If-Match の値がこの報告のどの版とも一致しません。読み込み直してください');
  return Number(match[1]);
}
