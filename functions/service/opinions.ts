import { opinionBodySchema } from '../domain/annual-report/opinions.ts';
import type { OpinionBody } from '../domain/annual-report/opinions.ts';
import { diffFields } from '../store/records.ts';
import type { OpinionRecord, OpinionRevision } from '../store/publication-records.ts';
import type { ServiceContext } from './context.ts';
import { ForbiddenError, InvalidInputError, InvalidStateError, NotFoundError } from './errors.ts';
import { checkPrecondition } from './precondition.ts';
import type { IfMatch } from './precondition.ts';

/**
 * 推進懇談会の意見: HQ records them from the meeting (approved at once); a council member (viewer) submits
 * one, which HQ approves before it enters the report, and may correct it until then. Departments have no
 * access. Every change is a revision (the store's versioned write); updates and approval need If-Match
 * like reports.
 */

const READERS = '推進懇談会の意見は推進本部と推進懇談会の委員だけが見られます';

/**
 * Who may see an opinion: HQ every one; a council member the approved ones and their own submissions
 * (another member's submission is not the council's until HQ approves it, as with reports).
 * ForbiddenError for everyone else.
 */
async function reader(ctx: ServiceContext, refusal = READERS) {
  const { permissions } = await ctx.access();
  if (!permissions.has('canRecordOpinion')) throw new ForbiddenError(refusal);
  const hq = permissions.has('canReview');
  return { hq, sees: (record: OpinionRecord) => hq || record.state === 'approved' || record.createdBy.sub === ctx.by.sub };
}

/** The opinion if the caller may see it; NotFoundError otherwise, so nothing about another's submission leaks. */
async function load(ctx: ServiceContext, fiscalYear: number, id: string) {
  const access = await reader(ctx);
  const record = await ctx.store.getOpinion(fiscalYear, id);
  if (!record || !access.sees(record)) throw new NotFoundError(`この意見（${fiscalYear}年度）は見つかりません`);
  return { record, hq: access.hq };
}

/**
 * The body by the one rule for opinions (domain/annual-report/opinions.ts), whoever calls: the API has
 * parsed it with the same schema already, so this refuses only a caller that skipped it. InvalidInputError
 * names each field at fault, in the words the API's validation uses.
 */
function checked(body: OpinionBody): OpinionBody {
  const result = opinionBodySchema.safeParse(body);
  if (result.success) return result.data;
  throw new InvalidInputError(result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(本文)', message: issue.message })));
}

/** The year's opinions the caller may see, by meeting date, then by when they were written. */
export async function listOpinions(ctx: ServiceContext, fiscalYear: number): Promise<OpinionRecord[]> {
  const access = await reader(ctx);
  const opinions = (await ctx.store.listOpinions(fiscalYear)).filter(access.sees);
  return opinions.sort((a, b) => a.body.date.localeCompare(b.body.date) || a.createdAt.localeCompare(b.createdAt));
}

export async function readOpinion(ctx: ServiceContext, fiscalYear: number, id: string): Promise<OpinionRecord> {
  return (await load(ctx, fiscalYear, id)).record;
}

/** HQ records an opinion (approved at once); a council member submits one for HQ to approve. */
export async function recordOpinion(ctx: ServiceContext, fiscalYear: number, input: OpinionBody): Promise<OpinionRecord> {
  const { hq } = await reader(ctx, '意見は推進本部と推進懇談会の委員だけが記録できます');
  const body = checked(input);
  return ctx.store.writeOpinion({
    content: {
      id: crypto.randomUUID(),
      fiscalYear,
      body,
      createdByRole: hq ? 'hq' : 'viewer',
      state: hq ? 'approved' : 'submitted',
      createdAt: ctx.now,
      createdBy: ctx.by,
    },
    expectedVersion: null,
    change: { action: hq ? 'record' : 'submit', changes: diffFields(undefined, body) },
    at: ctx.now,
    by: ctx.by,
  });
}

/**
 * A correction: HQ edits any opinion (it records the meeting's); a council member only their own, until
 * HQ approves it. ForbiddenError, InvalidStateError (approved, for a member), the precondition errors.
 */
export async function editOpinion(ctx: ServiceContext, fiscalYear: number, id: string, input: OpinionBody, ifMatch: IfMatch): Promise<OpinionRecord> {
  const { record: current, hq } = await load(ctx, fiscalYear, id);
  const body = checked(input);
  if (!hq && current.createdBy.sub !== ctx.by.sub) throw new ForbiddenError('意見を直せるのは推進本部と、その意見を提出した委員本人だけです');
  if (!hq && current.state === 'approved') {
    throw new InvalidStateError('推進本部が承認した意見は、委員からは直せません。修正は推進本部（総合政策課）に依頼してください');
  }
  checkPrecondition(ifMatch, { version: current.version, required: true, record: current });
  return write(ctx, current, { ...current, body }, { action: 'edit', changes: diffFields(current.body, body) });
}

/** HQ lets a council member's opinion into the report. ForbiddenError, InvalidStateError (already approved), the precondition errors. */
export async function approveOpinion(ctx: ServiceContext, fiscalYear: number, id: string, ifMatch: IfMatch): Promise<OpinionRecord> {
  const { permissions } = await ctx.access();
  if (!permissions.has('canReview')) throw new ForbiddenError('意見を承認できるのは推進本部だけです');
  const { record: current } = await load(ctx, fiscalYear, id);
  if (current.state === 'approved') throw new InvalidStateError('この意見は承認済みです');
  checkPrecondition(ifMatch, { version: current.version, required: true, record: current });
  return write(ctx, current, { ...current, state: 'approved' }, { action: 'approve', changes: [{ field: 'state', before: current.state, after: 'approved' }] });
}

/** Every change of an opinion the caller may see, oldest first. */
export async function opinionRevisions(ctx: ServiceContext, fiscalYear: number, id: string): Promise<OpinionRevision[]> {
  await load(ctx, fiscalYear, id);
  return ctx.store.listOpinionRevisions(fiscalYear, id);
}

function write(ctx: ServiceContext, current: OpinionRecord, content: OpinionRecord, change: Pick<OpinionRevision, 'action' | 'changes'>): Promise<OpinionRecord> {
  return ctx.store.writeOpinion({ content, expectedVersion: current.version, change, at: ctx.now, by: ctx.by });
}
