import { OPINION_ACTIONS } from '../domain/permissions/table.ts';
import { opinionBodySchema } from '../domain/annual-report/opinions.ts';
import type { OpinionBody } from '../domain/annual-report/opinions.ts';
import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import type { Permissions } from '../domain/permissions/permissions.ts';
import { diffFields } from '../store/records.ts';
import type { OpinionRecord, OpinionRevision } from '../store/publication-records.ts';
import type { ServiceContext } from './context.ts';
import { ForbiddenError, InvalidInputError, InvalidStateError, NotFoundError } from './errors.ts';
import { checkPrecondition } from './precondition.ts';
import type { IfMatch } from './precondition.ts';

/**
 * 推進懇談会の意見: HQ records them from the meeting (approved at once); a council member (viewer) submits
 * one, which HQ approves before it enters the report, and may correct it until then. Departments have no
 * access. Who may do what is the permission table's (domain/permissions/table.ts, subject 'opinion'). Every
 * change is a revision (the store's versioned write); updates and approval need If-Match like reports.
 */

/** An opinion as the service answers it: the record and what the caller may do with it now (`actions`). */
export interface OpinionAnswer {
  record: OpinionRecord;
  actions: (typeof OPINION_ACTIONS)[number][];
}

const READERS = '推進懇談会の意見は推進本部と推進懇談会の委員だけが見られます';

/** What the permission table needs to know of an opinion: its state and who submitted it. */
const targetOf = (record: Pick<OpinionRecord, 'state' | 'createdBy'>) => ({ state: record.state, createdBy: record.createdBy.sub });

const answer = (permissions: Permissions, record: OpinionRecord): OpinionAnswer => ({
  record,
  actions: permissions.actions('opinion', OPINION_ACTIONS, targetOf(record)),
});

/**
 * Who may see an opinion, by the table: HQ every one; a council member the approved ones and their own
 * submissions (another member's submission is not the council's until HQ approves it, as with reports).
 * ForbiddenError for anyone who may read none.
 */
async function reader(ctx: ServiceContext) {
  const { permissions } = await ctx.access();
  if (!permissions.mayEver('opinion', 'read')) throw new ForbiddenError(READERS);
  return { permissions, sees: (record: OpinionRecord) => permissions.decide('opinion', 'read', targetOf(record)).ok };
}

/** The opinion if the caller may see it; NotFoundError otherwise, so nothing about another's submission leaks. */
async function load(ctx: ServiceContext, fiscalYear: number, id: string) {
  const { permissions, sees } = await reader(ctx);
  const record = await ctx.store.getOpinion(fiscalYear, id);
  if (!record || !sees(record)) throw new NotFoundError(`この意見（${fiscalYear}年度）は見つかりません`);
  return { record, permissions };
}

/**
 * The table's decision on `action`, or the refusal: ForbiddenError when the caller never may (with
 * `forbidden` as the words), InvalidStateError when not from this state (with `invalidState`).
 */
function decided(permissions: Permissions, action: string, record: OpinionRecord | undefined, words: { forbidden?: string; invalidState: string }) {
  const decision = permissions.decide('opinion', action, record ? targetOf(record) : { state: 'missing' });
  if (decision.ok) return decision;
  if (decision.reason === 'forbidden') throw new ForbiddenError(words.forbidden ?? decision.message);
  throw new InvalidStateError(words.invalidState);
}

/**
 * The body by the one rule for opinions (domain/annual-report/opinions.ts), whoever calls, and about a
 * measure the plan has (or the year as a whole). InvalidInputError names each field at fault, in the words
 * the API's validation uses.
 */
function checked(body: OpinionBody, catalogue: Catalogue): OpinionBody {
  const result = opinionBodySchema.safeParse(body);
  if (!result.success) {
    throw new InvalidInputError(result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(本文)', message: issue.message })));
  }
  // An opinion on a measure the plan does not have would be stored and then missing from every report.
  const { measure } = result.data;
  if (measure !== null && !catalogue.measure(measure)) throw new InvalidInputError([{ path: 'measure', message: `施策「${measure}」は計画にありません` }]);
  return result.data;
}

/** The year's opinions the caller may see, by meeting date, then by when they were written. */
export async function listOpinions(ctx: ServiceContext, fiscalYear: number): Promise<OpinionAnswer[]> {
  const { permissions, sees } = await reader(ctx);
  const opinions = (await ctx.store.listOpinions(fiscalYear)).filter(sees);
  opinions.sort((a, b) => a.body.date.localeCompare(b.body.date) || a.createdAt.localeCompare(b.createdAt));
  return opinions.map((record) => answer(permissions, record));
}

export async function readOpinion(ctx: ServiceContext, fiscalYear: number, id: string): Promise<OpinionAnswer> {
  const { record, permissions } = await load(ctx, fiscalYear, id);
  return answer(permissions, record);
}

/** HQ records an opinion (approved at once); a council member submits one for HQ to approve: the table says which. */
export async function recordOpinion(ctx: ServiceContext, fiscalYear: number, input: OpinionBody): Promise<OpinionAnswer> {
  const { permissions, catalogue } = await ctx.access();
  const decision = decided(permissions, 'create', undefined, {
    forbidden: '意見は推進本部と推進懇談会の委員だけが記録できます',
    invalidState: '意見を記録できません',
  });
  const body = checked(input, catalogue);
  const hq = decision.row.who === 'hq';
  const record = await ctx.store.writeOpinion({
    content: {
      id: crypto.randomUUID(),
      fiscalYear,
      body,
      createdByRole: hq ? 'hq' : 'viewer',
      state: decision.to === 'approved' ? 'approved' : 'submitted',
      createdAt: ctx.now,
      createdBy: ctx.by,
    },
    expectedVersion: null,
    change: { action: hq ? 'record' : 'submit', changes: diffFields(undefined, body) },
    at: ctx.now,
    by: ctx.by,
  });
  return answer(permissions, record);
}

/**
 * A correction: HQ edits any opinion (it records the meeting's); a council member only their own, until
 * HQ approves it. ForbiddenError, InvalidStateError (approved, for a member), the precondition errors.
 */
export async function editOpinion(ctx: ServiceContext, fiscalYear: number, id: string, input: OpinionBody, ifMatch: IfMatch): Promise<OpinionAnswer> {
  const { record: current, permissions } = await load(ctx, fiscalYear, id);
  decided(permissions, 'save', current, {
    forbidden: '意見を直せるのは推進本部と、その意見を提出した委員本人だけです',
    invalidState: '推進本部が承認した意見は、委員からは直せません。修正は推進本部（総合政策課）に依頼してください',
  });
  const body = checked(input, (await ctx.access(fiscalYear)).catalogue);
  checkPrecondition(ifMatch, { version: current.version, required: true, record: current });
  return answer(permissions, await write(ctx, current, { ...current, body }, { action: 'edit', changes: diffFields(current.body, body) }));
}

/** HQ lets a council member's opinion into the report. ForbiddenError, InvalidStateError (already approved), the precondition errors. */
export async function approveOpinion(ctx: ServiceContext, fiscalYear: number, id: string, ifMatch: IfMatch): Promise<OpinionAnswer> {
  const { permissions } = await ctx.access();
  if (!permissions.mayEver('opinion', 'approve')) throw new ForbiddenError('意見を承認できるのは推進本部だけです');
  const { record: current } = await load(ctx, fiscalYear, id);
  decided(permissions, 'approve', current, { invalidState: 'この意見は承認済みです' });
  checkPrecondition(ifMatch, { version: current.version, required: true, record: current });
  const approved = await write(
    ctx,
    current,
    { ...current, state: 'approved' },
    { action: 'approve', changes: [{ field: 'state', before: current.state, after: 'approved' }] },
  );
  return answer(permissions, approved);
}

/** Every change of an opinion the caller may see, oldest first. */
export async function opinionRevisions(ctx: ServiceContext, fiscalYear: number, id: string): Promise<OpinionRevision[]> {
  await load(ctx, fiscalYear, id);
  return ctx.store.listOpinionRevisions(fiscalYear, id);
}

function write(
  ctx: ServiceContext,
  current: OpinionRecord,
  content: OpinionRecord,
  change: Pick<OpinionRevision, 'action' | 'changes'>,
): Promise<OpinionRecord> {
  return ctx.store.writeOpinion({ content, expectedVersion: current.version, change, at: ctx.now, by: ctx.by });
}
