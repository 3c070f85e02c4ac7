import type * as z from '../zod.ts';
import { Catalogue } from './catalogue.ts';
import { isLegacyPlan } from './legacy.ts';
import { catalogueSchema } from './validate.ts';

/** A catalogue that failed validation; each line names the place (施策, 取組項目, KPI) and what is wrong. */
export class CatalogueError extends Error {
  constructor(readonly problems: readonly string[]) {
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
  return issues.map((issue) => `${describePath(input, issue.path)}: ${issue.message}`);
}

/** Validates raw plan data and indexes it; throws CatalogueError naming every problem. */
export function parseCatalogue(input: unknown): Catalogue {
  if (isLegacyPlan(input)) throw new CatalogueError(['計画データが旧形式です（柱・政策の入れ子）。seeds/plans/ の形式に変換してから読み込んでください']);
  const result = catalogueSchema.safeParse(input);
  if (!result.success) throw new CatalogueError(formatCatalogueIssues(input, result.error.issues));
  return new Catalogue(result.data);
}
