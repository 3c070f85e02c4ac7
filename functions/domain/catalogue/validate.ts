import { fiscalYearOf, formatFiscalYear, formatPeriodLabel } from '../calendar/index.ts';
import * as z from '../zod.ts';
import { ASSIGNED_DEPARTMENTS, isReference, planSchema, type Kpi, type Plan } from './schema.ts';

/** The 年度 of a 令和 date, or null for a date that does not exist or comes before 令和. */
function fiscalYearOfDate(date: string): number | null {
  try {
    const fiscalYear = fiscalYearOf(date);
    formatFiscalYear(fiscalYear);
    return fiscalYear;
  } catch {
    return null;
  }
}

type Issue = { path: (string | number)[]; message: string };

function checkKpi(kpi: Kpi, plan: Plan, path: (string | number)[], issues: Issue[]): void {
  const { baseline, target } = kpi;
  const { firstFiscalYear, lastFiscalYear } = plan.period;
  if (target.period < firstFiscalYear || target.period > lastFiscalYear) {
    const period = formatPeriodLabel({ kind: 'fiscal_years', from: firstFiscalYear, to: lastFiscalYear });
    issues.push({ path: [...path, 'target', 'period'], message: `目標年（${target.period}）が計画期間（${period}）の外です` });
  }
  if (baseline.period >= target.period) {
    issues.push({ path: [...path, 'baseline', 'period'], message: '現在値の時点が目標年より後です' });
  }
  if (baseline.asOf === 'point_in_time') {
    if (!baseline.date) {
      issues.push({ path: [...path, 'baseline', 'date'], message: '時点の現在値には日付が必要です' });
    } else {
      const fiscalYear = fiscalYearOfDate(baseline.date);
      if (fiscalYear === null) {
        issues.push({ path: [...path, 'baseline', 'date'], message: `現在値の日付 ${baseline.date} は令和の日付として読めません` });
      } else if (fiscalYear !== baseline.period) {
        issues.push({
          path: [...path, 'baseline', 'period'],
          message: `現在値の日付 ${baseline.date} は${formatFiscalYear(fiscalYear)}に属します（period: ${baseline.period}）`,
        });
      }
    }
  }
  if ((baseline.asOf === 'calendar_year') !== (kpi.basis === 'calendar_year')) {
    issues.push({ path: [...path, 'basis'], message: '暦年のKPIは現在値も暦年で示してください' });
  }
  if (baseline.asOf === 'fiscal_year_window' && (!baseline.window || baseline.window.to !== baseline.period)) {
    issues.push({ path: [...path, 'baseline', 'window'], message: '期間平均の現在値には、period で終わる window が必要です' });
  }
  if (target.comparison === 'window_mean') {
    if (!target.window || target.window.to !== target.period || target.window.from > target.window.to) {
      issues.push({ path: [...path, 'target', 'window'], message: '年平均の目標には、period で終わる window が必要です' });
    }
  } else if (target.window) {
    issues.push({ path: [...path, 'target', 'window'], message: 'window は年平均の目標（window_mean）だけに指定できます' });
  }
  if ((target.value === null) !== (target.comparison === 'improve_on_baseline')) {
    issues.push({
      path: [...path, 'target', 'value'],
      message: '目標値を省略できるのは「現状より向上」（improve_on_baseline）だけです',
    });
  }
}

/**
 * Cross-checks zod's object shapes cannot express: keys used once, groups that nest as the levels say,
 * known departments, schedules inside the plan's period, references that resolve, periods inside the plan.
 */
function checkPlan(plan: Plan, ctx: z.core.$RefinementCtx<Plan>): void {
  const issues: Issue[] = [];
  const { firstFiscalYear, lastFiscalYear } = plan.period;
  if (firstFiscalYear > lastFiscalYear) issues.push({ path: ['period', 'lastFiscalYear'], message: '計画期間の終わりが始まりより前です' });
  const periodText = firstFiscalYear <= lastFiscalYear ? formatPeriodLabel({ kind: 'fiscal_years', from: firstFiscalYear, to: lastFiscalYear }) : '';

  const departmentCodes = new Set<string>();
  plan.departments.forEach((department, i) => {
    if (departmentCodes.has(department.code)) {
      issues.push({ path: ['departments', i, 'code'], message: `課コード「${department.code}」が重複しています` });
    }
    departmentCodes.add(department.code);
  });
  if (!departmentCodes.has(plan.hq.department))
    issues.push({ path: ['hq', 'department'], message: `事務局の課コード「${plan.hq.department}」が課の一覧にありません` });

  const seenKeys = new Set<string>();
  const claimKey = (key: string, path: (string | number)[]) => {
    if (seenKeys.has(key)) issues.push({ path, message: `キー「${key}」が重複しています` });
    seenKeys.add(key);
  };
  const numbersSeen = new Map<string, Set<string>>();
  const claimNumber = (kind: string, number: string, path: (string | number)[]) => {
    const seen = numbersSeen.get(kind) ?? new Set<string>();
    if (seen.has(number)) issues.push({ path, message: `番号「${number}」が重複しています` });
    seen.add(number);
    numbersSeen.set(kind, seen);
  };

  // A group's level is how many parents it has; measures hang from the deepest level of groups.
  const groupDepth = plan.levels.length - 2;
  const groupLevel = new Map<string, number>();
  plan.groups.forEach((group, i) => {
    claimKey(group.key, ['groups', i, 'key']);
    const parentLevel = group.parent === undefined ? -1 : groupLevel.get(group.parent);
    if (parentLevel === undefined) {
      issues.push({ path: ['groups', i, 'parent'], message: `親「${group.parent}」がこれより前にありません` });
      return;
    }
    const level = parentLevel + 1;
    if (level >= groupDepth) issues.push({ path: ['groups', i, 'parent'], message: `階層が${plan.levels.length}段を超えます` });
    groupLevel.set(group.key, level);
    claimNumber(`group-${level}`, group.number, ['groups', i, 'number']);
  });

  // 統合元 keys: merged away, so none may stay in the plan beside its 統合先.
  const mergedFrom: { key: string; path: (string | number)[] }[] = [];
  const claimMerged = (keys: readonly string[] | undefined, path: (string | number)[]) => {
    for (const [i, key] of (keys ?? []).entries()) mergedFrom.push({ key, path: [...path, 'mergedFrom', i] });
  };

  const scheduledItems = new Set<string>();
  const references: { to: string; path: (string | number)[] }[] = [];
  plan.measures.forEach((measure, mi) => {
    const measurePath = ['measures', mi];
    claimKey(measure.key, [...measurePath, 'key']);
    claimNumber('measure', measure.number, [...measurePath, 'number']);
    claimMerged(measure.mergedFrom, measurePath);
    if (groupDepth === 0) {
      if (measure.group !== undefined) issues.push({ path: [...measurePath, 'group'], message: '2段の計画の施策は group を持ちません' });
    } else if (measure.group === undefined || groupLevel.get(measure.group) !== groupDepth - 1) {
      issues.push({ path: [...measurePath, 'group'], message: `「${plan.levels[groupDepth - 1]!.name}」の「${measure.group ?? '（なし）'}」がありません` });
    }
    measure.owners.forEach((owner, oi) => {
      if (owner !== ASSIGNED_DEPARTMENTS && !departmentCodes.has(owner)) {
        issues.push({ path: [...measurePath, 'owners', oi], message: `未登録の課コード「${owner}」です` });
      }
    });
    measure.actionItems.forEach((item, ii) => {
      const itemPath = [...measurePath, 'actionItems', ii];
      claimKey(item.key, [...itemPath, 'key']);
      claimNumber('actionItem', item.number, [...itemPath, 'number']);
      if (isReference(item)) {
        references.push({ to: item.referenceTo, path: [...itemPath, 'referenceTo'] });
        return;
      }
      scheduledItems.add(item.key);
      claimMerged(item.mergedFrom, itemPath);
      const years = item.schedule.map((entry) => entry.fiscalYear);
      const ordered = years.every((year, i) => year >= firstFiscalYear && year <= lastFiscalYear && (i === 0 || year > years[i - 1]!));
      if (!ordered) {
        issues.push({
          path: [...itemPath, 'schedule'],
          message: `スケジュールの年度は${periodText}の中で、古い順に1度ずつ書いてください（現在: ${years.join('、')}）`,
        });
      }
    });
    measure.kpis.forEach((kpi, ki) => {
      const kpiPath = [...measurePath, 'kpis', ki];
      claimKey(kpi.key, [...kpiPath, 'key']);
      claimNumber('kpi', kpi.number, [...kpiPath, 'number']);
      claimMerged(kpi.mergedFrom, kpiPath);
      checkKpi(kpi, plan, kpiPath, issues);
    });
  });

  for (const reference of references) {
    if (!scheduledItems.has(reference.to)) {
      issues.push({ path: reference.path, message: `参照先の取組項目「${reference.to}」がありません（参照の参照はできません）` });
    }
  }

  for (const merged of mergedFrom) {
    if (seenKeys.has(merged.key))
      issues.push({ path: merged.path, message: `統合元「${merged.key}」が計画に残っています（統合した項目は計画から外してください）` });
  }

  for (const issue of issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
}

/** The catalogue as stored in seeds/: shapes plus the cross-checks above. */
export const catalogueSchema = planSchema.check(z.superRefine(checkPlan));
