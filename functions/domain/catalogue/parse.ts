import type * as z from '../zod.ts';
import { Catalogue } from './catalogue.ts';
import { catalogueSchema } from './validate.ts';

/** A catalogue that failed validation; each line names the place (施策, 取組項目, KPI) and what is wrong. */
export class CatalogueError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`計画データに誤りがあります（${problems.length}件）:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'CatalogueError';
  }
}

/** Turns a zod path into the plan's own words: "施策11 › 取組項目 11-2 › referenceTo". */
function describePath(input: unknown, path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  let node: unknown = input;
  for (const key of path) {
    node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    const record = node && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>) : undefined;
    if (typeof key === 'number' && record) {
      if (typeof record.number === 'number') parts.push(`施策${record.number}`);
      else if (typeof record.id === 'string') parts.push(String(record.id).includes('-K') ? `KPI ${record.id}` : String(record.id));
      else if (typeof record.code === 'string') parts.push(`課 ${record.code}`);
      else parts.push(`[${key}]`);
    } else if (typeof key === 'number') {
      parts.push(`[${key}]`);
    } else if (!['pillars', 'policies', 'subPolicies', 'measures', 'actionItems', 'kpis', 'departments'].includes(String(key))) {
      parts.push(String(key));
    }
  }
  return parts.join(' › ') || '（全体）';
}

export function formatCatalogueIssues(input: unknown, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${describePath(input, issue.path)}: ${issue.message}`);
}

/** Validates raw plan data and indexes it; throws CatalogueError naming every problem. */
export function parseCatalogue(input: unknown): Catalogue {
  const result = catalogueSchema.safeParse(input);
  if (!result.success) throw new CatalogueError(formatCatalogueIssues(input, result.error.issues));
  return new Catalogue(result.data);
}
