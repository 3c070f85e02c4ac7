import { ASSIGNED_DEPARTMENTS } from '../domain/catalogue/schema.ts';
import { diffFields } from '../store/records.ts';
import type { AssignmentRecord, Revision } from '../store/records.ts';
import type { ServiceContext } from './context.ts';
import { ForbiddenError, InvalidInputError, InvalidStateError, NotFoundError } from './errors.ts';
import { checkPrecondition } from './precondition.ts';
import type { IfMatch } from './precondition.ts';

/** A measure's assignment as stored; version 0 (no departments) until HQ first assigns some. */
export async function readAssignment(ctx: ServiceContext, measure: string): Promise<AssignmentRecord | { measure: string; departments: []; version: 0 }> {
  const { catalogue } = await ctx.access();
  if (!catalogue.measure(measure)) throw new NotFoundError(`施策「${measure}」は計画にありません`);
  const current = (await ctx.store.listAssignments()).find((a) => a.measure === measure);
  return current ?? { measure, departments: [], version: 0 };
}

/**
 * 関係各課の割当て: HQ names the departments of a measure the plan gives to 関係各課; a department the plan
 * does not list needs its name. The empty assignment is version 0, so If-Match "0" (or none) creates the
 * first one and an update needs the version read. Errors: ForbiddenError (not HQ), NotFoundError,
 * InvalidStateError (the plan names the owners), InvalidInputError (an unnamed new department), the
 * precondition errors; the store's version errors pass through.
 */
export async function assignDepartments(
  ctx: ServiceContext,
  measure: string,
  departments: readonly { code: string; name?: string }[],
  ifMatch: IfMatch,
): Promise<AssignmentRecord> {
  const { catalogue, permissions } = await ctx.access();
  if (!permissions.mayEver('assignment', 'assign')) throw new ForbiddenError('課の割当ては推進本部（総合政策課）だけが行えます');
  const entry = catalogue.measure(measure);
  if (!entry) throw new NotFoundError(`施策「${measure}」は計画にありません`);
  if (!entry.measure.owners.includes(ASSIGNED_DEPARTMENTS)) {
    throw new InvalidStateError(`${catalogue.measureLabel(entry.measure)}の担当課は計画で決まっています（関係各課の施策ではありません）`);
  }
  const unnamed = departments.findIndex((d) => !d.name && !catalogue.departmentName(d.code));
  if (unnamed >= 0) {
    throw new InvalidInputError([
      {
        path: `departments.${unnamed}.name`,
        message: `課コード「${departments[unnamed]!.code}」は計画にない課です。課の名称（name）も入力してください`,
      },
    ]);
  }

  const current = (await ctx.store.listAssignments()).find((a) => a.measure === measure);
  checkPrecondition(ifMatch, { version: current?.version ?? 0, required: current !== undefined, record: current });
  const names = Object.fromEntries(departments.filter((d) => d.name && !catalogue.departmentName(d.code)).map((d) => [d.code, d.name!]));
  // Before the write: an added department can sign in once it is assigned (creating groups twice is harmless).
  for (const [code, name] of Object.entries(names)) await ctx.departmentDirectory?.ensureDepartment({ code, name });
  const departmentCodes = departments.map((d) => d.code);
  const written = await ctx.store.writeAssignment({
    content: { measure, departments: departmentCodes, names },
    expectedVersion: current?.version ?? null,
    change: {
      action: 'assign',
      state: null,
      changes: diffFields({ departments: current?.departments ?? [], names: current?.names ?? {} }, { departments: departmentCodes, names }),
      comment: null,
    },
    at: ctx.now,
    by: ctx.by,
  });
  // This instance's next requests decide with the new assignment at once (PlanRegistry caches them).
  ctx.plans.forget();
  return written;
}

/** Every change of a measure's assignment, oldest first: for HQ and the departments responsible for it. */
export async function assignmentRevisions(ctx: ServiceContext, measure: string): Promise<Revision[]> {
  const { catalogue, permissions } = await ctx.access();
  if (!catalogue.measure(measure)) throw new NotFoundError(`施策「${measure}」は計画にありません`);
  if (!permissions.mayEver('assignment', 'history', { measure })) throw new ForbiddenError('割当ての変更履歴は推進本部と担当課だけが見られます');
  return ctx.store.listAssignmentRevisions(measure);
}
