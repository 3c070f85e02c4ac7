import type * as z from '../zod.ts';
import { Catalogue } from './catalogue.ts';
import { isLegacyPlan } from './legacy.ts';
import { catalogueSchema } from './validate.ts';

/** One problem of a plan: where, in the plan's own words (「施策3 › 取組項目3-1 › key」), and what is wrong. */
export interface CatalogueIssue {
  path: string;
  message: string;
}

/**
 * A catalogue that failed validation; each line names the place (施策, 取組項目, KPI) and what is wrong.
 * `issues` holds the same as place and message apart, for an API answer that lists the fields at fault.
 */
export class CatalogueError extends Error {
  constructor(
    readonly problems: readonly string[],
    readonly issues: readonly CatalogueIssue[] = problems.map((message) => ({ path: '（全体）', message })),
  ) {
    super(`計画データに誤りがあります（${problems.length}件）:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'CatalogueError';
  }
}

/** Turns a zod path into the plan's own words: "施策11 › 取組項目11-2 › referenceTo". */
function describePath(input: unknown, path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  const levels = (input as { levels?: { name?: unknown }[] } | undefined)?.levels;
  const levelName = (fromEnd: number, fallback: string) => {
    const name = Array.isArray(levels) ? levels[levels.length - fromEnd]?.name : undefined;
    return typeof name === 'string' ? name : fallback;
  };
  let node: unknown = input;
  let parentKey: PropertyKey | undefined;
  for (const key of path) {
    node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    const record = node && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>) : undefined;
    if (typeof key === 'number' && record) {
      const number = typeof record.number === 'string' ? record.number : undefined;
      if (parentKey === 'measures' && number) parts.push(`${levelName(2, '施策')}${number}`);
      else if (parentKey === 'actionItems' && number) parts.push(`${levelName(1, '取組項目')}${number}`);
      else if (parentKey === 'kpis' && number) parts.push(`KPI ${number}`);
      else if (number) parts.push(number);
      else if (typeof record.code === 'string') parts.push(`課 ${record.code}`);
      else parts.push(`[${key}]`);
    } else if (typeof key === 'number') {
      parts.push(`[${key}]`);
    } else if (!['groups', 'measures', 'actionItems', 'kpis', 'departments'].includes(String(key))) {
      parts.push(String(key));
    }
    parentKey = key;
  }
  return parts.join(' › ') || '（全体）';
}

export function formatCatalogueIssues(input: unknown, issues: readonly z.core.$ZodIssue[]): string[] {
  return describeCatalogueIssues(input, issues).map((issue) => `${issue.path}: ${issue.message}`);
}

export function describeCatalogueIssues(input: unknown, issues: readonly z.core.$ZodIssue[]): CatalogueIssue[] {
  return issues.map((issue) => ({ path: describePath(input, issue.path), message: issue.message }));
}

/** Validates raw plan data and indexes it; throws CatalogueError naming every problem. */
export function parseCatalogue(input: unknown): Catalogue {
  if (isLegacyPlan(input)) throw new CatalogueError(['計画データが旧形式です（柱・政策の入れ子）。seeds/plans/ の形式に変換してから読み込んでください']);
  const result = catalogueSchema.safeParse(input);
  if (!result.success) {
    const issues = describeCatalogueIssues(input, result.error.issues);
    throw new CatalogueError(
      issues.map((issue) => `${issue.path}: ${issue.message}`),
      issues,
    );
  }
  return new Catalogue(result.data);
}
