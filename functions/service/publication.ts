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

async function requirePublisher(ctx: ServiceContext, what: string): Promise<void> {
  const { permissions } = await ctx.access();
  if (!permissions.has('canPublish')) throw new ForbiddenError(`${what}は推進本部（総合政策課）だけが行えます`);
}

/** A publisher that lost the race to another: the other's record comes along for the answer. */
function raced(error: unknown): never {
  if (error instanceof VersionMismatchError) throw new PreconditionFailedError(RACED, error.current);
  throw error;
}

/** Publishes (or republishes) the year as a new snapshot. ForbiddenError, the precondition errors (412 with the stored record). */
export async function publish(ctx: ServiceContext, fiscalYear: number, files: () => PublicationFiles, ifMatch: IfMatch): Promise<PublicationRecord> {
  await requirePublisher(ctx, '公表');
  const target = files();
  const current = await ctx.store.getPublication(fiscalYear);
  checkPrecondition(ifMatch, { version: current?.version ?? null, required: current !== undefined, record: current });
  const [{ publishFiscalYear }, { catalogue }] = await Promise.all([loadPublisher(), ctx.access()]);
  return publishFiscalYear({ store: ctx.store, catalogue, files: target, fiscalYear, current, by: ctx.by, now: new Date(ctx.now) }).catch(raced);
}

/** Takes the year's files offline. ForbiddenError, InvalidStateError (not published), the precondition errors. */
export async function withdraw(ctx: ServiceContext, fiscalYear: number, files: () => PublicationFiles, ifMatch: IfMatch): Promise<PublicationRecord> {
  await requirePublisher(ctx, '公表の取下げ');
  const target = files();
  const current = await ctx.store.getPublication(fiscalYear);
  if (!current || current.state !== 'published') throw new InvalidStateError(`${fiscalYear}年度は公表されていないため、取り下げられません`);
  checkPrecondition(ifMatch, { version: current.version, required: true, record: current });
  const { withdrawFiscalYear } = await loadPublisher();
  return withdrawFiscalYear({ store: ctx.store, files: target, current, by: ctx.by, now: new Date(ctx.now) }).catch(raced);
}
