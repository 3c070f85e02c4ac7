import { PUBLICATION_ACTIONS } from '../domain/permissions/table.ts';
import type { Permissions } from '../domain/permissions/permissions.ts';
import type { PublicationFiles } from '../publication/files.ts';
import { VersionMismatchError } from '../store/errors.ts';
import type { PublicationRecord } from '../store/publication-records.ts';
import type { ServiceContext } from './context.ts';
import { ForbiddenError, InvalidStateError, PreconditionFailedError } from './errors.ts';
import { checkPrecondition } from './precondition.ts';
import type { IfMatch } from './precondition.ts';

/**
 * 公表 (HQ only): publish and republish a fiscal year's approved content, or withdraw it. A first
 * publication needs no If-Match; anything after it needs the version the caller saw. `files`: where the
 * open data goes, asked for only once the caller may publish (it throws when the environment has none).
 */

// The publisher (the year report's model, the open data's formats) is imported when HQ publishes, a few
// times a year: the API's cold start should not compile it.
const loadPublisher = () => import('../publication/publish.ts');

const RACED = '他の人が先に公表または取下げをしました。状態を読み込み直してください';

const HQ_ONLY = (what: string) => `${what}は推進本部（総合政策課）だけが行えます`;

/**
 * The caller's permissions when the permission table lets them do `action` to a publication in some state
 * (HQ only: its history names HQ's staff); ForbiddenError otherwise.
 */
async function publisher(ctx: ServiceContext, action: 'read' | 'publish' | 'withdraw', what: string): Promise<Permissions> {
  const { permissions } = await ctx.access();
  if (!permissions.mayEver('publication', action)) throw new ForbiddenError(HQ_ONLY(what));
  return permissions;
}

/** What the caller may do to the year's publication now (the answer's `actions`); ForbiddenError for one who may not even read it. */
export async function publicationActions(ctx: ServiceContext, record: PublicationRecord | undefined): Promise<(typeof PUBLICATION_ACTIONS)[number][]> {
  const permissions = await publisher(ctx, 'read', '公表の状態と履歴の閲覧');
  return permissions.actions('publication', PUBLICATION_ACTIONS, { state: record?.state ?? 'unpublished' });
}

/** A publisher that lost the race to another: the other's record comes along for the answer. */
function raced(error: unknown): never {
  if (error instanceof VersionMismatchError) throw new PreconditionFailedError(RACED, error.current);
  throw error;
}

/** Publishes (or republishes) the year as a new snapshot. ForbiddenError, the precondition errors (412 with the stored record). */
export async function publish(ctx: ServiceContext, fiscalYear: number, files: () => PublicationFiles, ifMatch: IfMatch): Promise<PublicationRecord> {
  const permissions = await publisher(ctx, 'publish', '公表');
  const target = files();
  const current = await ctx.store.getPublication(fiscalYear);
  const decision = permissions.decide('publication', 'publish', { state: current?.state ?? 'unpublished' });
  if (!decision.ok) throw new ForbiddenError(decision.message);
  checkPrecondition(ifMatch, { version: current?.version ?? null, required: current !== undefined, record: current });
  const [{ publishFiscalYear }, { catalogue }] = await Promise.all([loadPublisher(), ctx.access(fiscalYear)]);
  return publishFiscalYear({ store: ctx.store, catalogue, files: target, fiscalYear, current, by: ctx.by, now: new Date(ctx.now) }).catch(raced);
}

/** Takes the year's files offline. ForbiddenError, InvalidStateError (not published), the precondition errors. */
export async function withdraw(ctx: ServiceContext, fiscalYear: number, files: () => PublicationFiles, ifMatch: IfMatch): Promise<PublicationRecord> {
  const permissions = await publisher(ctx, 'withdraw', '公表の取下げ');
  const target = files();
  const current = await ctx.store.getPublication(fiscalYear);
  if (!current || !permissions.decide('publication', 'withdraw', { state: current.state }).ok) {
    throw new InvalidStateError(`${fiscalYear}年度は公表されていないため、取り下げられません`);
  }
  checkPrecondition(ifMatch, { version: current.version, required: true, record: current });
  const [{ withdrawFiscalYear }, { catalogue }] = await Promise.all([loadPublisher(), ctx.access(fiscalYear)]);
  return withdrawFiscalYear({ store: ctx.store, catalogue, files: target, current, by: ctx.by, now: new Date(ctx.now) }).catch(raced);
}
