/**
 * The parts of a shared action item (関係各課・共管): in a fiscal year where two or more departments are
 * responsible for an item, each reports its own part, and the item's state is its least advanced part's
 * (the roll-up). Which part a screen shows, what the 課 selector offers and the words for the parts, without
 * a page; the report form, the review queue, the overview and the measure page share them.
 */
import { ApiError, call } from '../api.ts';
import type { AnswerBody } from '../../../functions/contract/answers.ts';
import { reportPath } from './report-fields.ts';

/** GET …/action-reports/{id}/parts as the contract gives it. */
export type ReportParts = AnswerBody<'partsSchema'>;
export type Part = ReportParts['parts'][number];

/** A part as the overview lists it: its department, the department's name and its state. */
export interface PartState {
  department: string;
  name: string;
  state: string;
  stateLabel: string;
}

/**
 * Every responsible department's part of action item `id` in year `fy` (GET …/parts). Null when the API
 * does not know the route or the item (404): the item is then treated as unshared, as before parts existed.
 */
export async function loadParts(fy: number, id: string): Promise<ReportParts | null> {
  try {
    return (await call('partsSchema', `${reportPath('action', id, fy)}/parts`)).data;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** The responsible departments the caller belongs to (as staff or 所属長), in the parts' order. */
export function ownParts(parts: ReportParts, ownDepartments: readonly string[]): string[] {
  return parts.parts.map((p) => p.department).filter((code) => ownDepartments.includes(code));
}

/**
 * The part a screen shows of a shared item; null for an unshared item (it has no parts to tell apart).
 * `wanted` (the route's ?department=) when it is a responsible department the caller may choose, else the
 * caller's first own part, else (HQ, the council: they belong to none) the first part.
 */
export function chosenPart(parts: ReportParts | null, ownDepartments: readonly string[], wanted?: string): string | null {
  if (!parts?.shared) return null;
  const choices = selectorChoices(parts, ownDepartments).map((c) => c.department);
  if (wanted && choices.includes(wanted)) return wanted;
  return ownParts(parts, ownDepartments)[0] ?? parts.parts[0]?.department ?? null;
}

/**
 * What the 課 selector offers: for a 兼務 user, the responsible departments they belong to; for a reader of
 * none of them (HQ, the council), every part; nothing when there is nothing to choose (an unshared item, or
 * the caller reports for exactly one of its departments).
 */
export function selectorChoices(parts: ReportParts | null, ownDepartments: readonly string[]): { department: string; name: string }[] {
  if (!parts?.shared) return [];
  const own = ownParts(parts, ownDepartments);
  if (own.length === 1) return [];
  return parts.parts.filter((p) => own.length === 0 || own.includes(p.department)).map((p) => ({ department: p.department, name: p.departmentName }));
}

/**
 * The query every call about one part carries: `?department=<code>` for a part of a shared item, nothing for
 * an unshared one (the API ignores it there). Sent even when the API could infer it (the caller belongs to
 * one responsible department): the part the screen shows is then the part written, whatever HQ assigns meanwhile.
 */
export function departmentQuery(department: string | null): string {
  return department ? `?department=${encodeURIComponent(department)}` : '';
}

/** The name of a part's department, from the parts (the code as a last resort). */
export function partName(parts: ReportParts | null, department: string | null): string {
  return parts?.parts.find((p) => p.department === department)?.departmentName ?? department ?? '';
}

/** The line above a shared item's form: 「関係各課の取組項目: 財政課の報告」. */
export function sharedLine(parts: ReportParts | null, department: string | null): string | null {
  return parts?.shared && department ? `関係各課の取組項目：${partName(parts, department)}の報告` : null;
}

/** The roll-up in words: 「取組項目全体: 下書き（2課のうち最も進んでいない報告の状態）」; null for an unshared item. */
export function rollUpLine(parts: ReportParts | null): string | null {
  return parts?.shared ? `取組項目全体：${parts.rollUp.stateLabel}（${parts.parts.length}課のうち最も進んでいない報告の状態）` : null;
}

/** The parts' states in one line, for a hover title or a screen reader: 「財政課: 提出済、庶務課: 下書き」. */
export function partsText(parts: readonly PartState[]): string {
  return parts.map((p) => `${p.name}：${p.stateLabel}`).join('、');
}
