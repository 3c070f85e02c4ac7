import type { ReportMeasure, YearReport } from './schema.ts';

// Its own module, with type-only imports, so the citizens' page can use it without loading zod and the catalogue's schema.
/**
 * The report's measures with the headings to write before each: the groups of its path that differ from
 * the measure before it (a new 柱 brings its 政策 and 施策の方向性 too). One walk, any depth of plan.
 */
export function measuresWithHeadings(report: YearReport): { measure: ReportMeasure; headings: YearReport['groups'] }[] {
  const groups = new Map(report.groups.map((group) => [group.key, group]));
  let previous: readonly string[] = [];
  return report.measures.map((measure) => {
    const changedAt = measure.path.findIndex((key, i) => previous[i] !== key);
    const headings = changedAt === -1 ? [] : measure.path.slice(changedAt).map((key) => groups.get(key)!);
    previous = measure.path;
    return { measure, headings };
  });
}
