import { fiscalYearOf, formatFiscalYear, formatPeriod, formatPeriodLabel } from '../calendar/index.ts';
import * as z from '../zod.ts';
import { existsIn } from './dated-departments.ts';
import { ASSIGNED_DEPARTMENTS, isReference, planSchema, type Baseline, type Kpi, type Plan, type Target } from './schema.ts';

/**
 * The 年度 of a date in any era the calendar names (平成 or 令和: 2019-04-01 is 平成31年4月1日, in FY2019),
 * or null for a date that does not exist or that the calendar cannot name.
 */
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

/** A baseline's own consistency: a point in time needs its date, in the fiscal year `period` names. */
function checkBaseline(kpi: Kpi, baseline: Baseline, path: (string | number)[], issues: Issue[]): void {
  if (baseline.asOf === 'point_in_time') {
    if (!baseline.date) {
      issues.push({ path: [...path, 'date'], message: '時点の基準値には日付が必要です' });
    } else {
      const fiscalYear = fiscalYearOfDate(baseline.date);
      if (fiscalYear === null) {
        issues.push({ path: [...path, 'date'], message: `基準値の日付 ${baseline.date} は年度を判定できる日付として読めません` });
      } else if (fiscalYear !== baseline.period) {
        issues.push({
          path: [...path, 'period'],
          message: `基準値の日付 ${baseline.date} は${formatFiscalYear(fiscalYear)}に属します（period: ${baseline.period}）`,
        });
      }
    }
  }
  if ((baseline.asOf === 'calendar_year') !== (kpi.basis === 'calendar_year')) {
    issues.push({ path: [...path, 'asOf'], message: '暦年のKPIは基準値も暦年で示してください' });
  }
  if (baseline.asOf === 'fiscal_year_window' && (!baseline.window || baseline.window.to !== baseline.period)) {
    issues.push({ path: [...path, 'window'], message: '期間平均の基準値には、period で終わる window が必要です' });
  }
}

/** A target's own consistency: inside the plan, after the baseline, a number exactly when its comparison needs one. */
function checkTarget(kpi: Kpi, target: Target, plan: Plan, path: (string | number)[], issues: Issue[]): void {
  const { firstFiscalYear, lastFiscalYear } = plan.period;
  if (target.period < firstFiscalYear || target.period > lastFiscalYear) {
    const period = formatPeriodLabel({ kind: 'fiscal_years', from: firstFiscalYear, to: lastFiscalYear });
    issues.push({ path: [...path, 'period'], message: `目標年（${target.period}）が計画期間（${period}）の外です` });
  }
  if (kpi.baseline.period >= target.period) {
    const when = (period: number) => formatPeriod(period, kpi.basis);
    issues.push({
      path: [...path, 'period'],
      message: `目標年（${when(target.period)}）は基準値の時点（${when(kpi.baseline.period)}）より後にしてください`,
    });
  }
  if (target.comparison === 'window_mean') {
    if (!target.window || target.window.to !== target.period || target.window.from > target.window.to) {
      issues.push({ path: [...path, 'window'], message: '年平均の目標には、period で終わる window が必要です' });
    }
  } else if (target.window) {
    issues.push({ path: [...path, 'window'], message: 'window は年平均の目標（window_mean）だけに指定できます' });
  }
  const nameless = target.comparison === 'improve_on_baseline' || target.comparison === 'unset';
  if (kpi.kind === 'qualitative') {
    if (target.value !== null) issues.push({ path: [...path, 'value'], message: '定性的なKPIの目標には数値を指定できません（label に書いてください）' });
  } else if ((target.value === null) !== nameless) {
    issues.push({
      path: [...path, 'value'],
      message:
        target.value === null
          ? '目標値を省略できるのは「現状より向上」（improve_on_baseline）と「未設定」（unset）だけです'
          : '「現状より向上」と「未設定」の目標には数値を指定できません',
    });
  }
}

function checkKpi(kpi: Kpi, plan: Plan, path: (string | number)[], issues: Issue[]): void {
  checkBaseline(kpi, kpi.baseline, [...path, 'baseline'], issues);
  kpi.baselines?.forEach((baseline, i) => {
    checkBaseline(kpi, baseline, [...path, 'baselines', i], issues);
  });
  checkTarget(kpi, kpi.target, plan, [...path, 'target'], issues);
  const years = new Set<number>();
  kpi.targets?.forEach((target, i) => {
    checkTarget(kpi, target, plan, [...path, 'targets', i], issues);
    if (target.comparison === 'window_mean') {
      issues.push({ path: [...path, 'targets', i, 'comparison'], message: '年度ごとの目標に年平均（window_mean）は指定できません' });
    }
    if (years.has(target.period)) {
      issues.push({ path: [...path, 'targets', i, 'period'], message: `${formatPeriod(target.period, kpi.basis)}の目標が2つあります` });
    }
    years.add(target.period);
  });
}

/**
 * 機構改革 as data must add up: a department ends no earlier than it starts, names successors only when it
 * ends, and each successor exists the year after (so no year leaves the work with nobody).
 */
function checkDepartmentDates(plan: Plan, issues: Issue[]): void {
  const byCode = new Map(plan.departments.map((department) => [department.code, department]));
  plan.departments.forEach((department, i) => {
    const { from, until } = department;
    if (from !== undefined && until !== undefined && until < from) {
      issues.push({
        path: ['departments', i, 'until'],
        message: `「${department.name}」の廃止年度（${formatFiscalYear(until)}）が設置年度（${formatFiscalYear(from)}）より前です`,
      });
    }
    (department.successors ?? []).forEach((code, si) => {
      const path = ['departments', i, 'successors', si];
      const successor = byCode.get(code);
      if (!successor) issues.push({ path, message: `承継先の課コード「${code}」が課の一覧にありません` });
      else if (until === undefined) issues.push({ path, message: `承継先は廃止年度（until）のある課にだけ指定できます（「${department.name}」）` });
      else if (!existsIn(successor, until + 1)) {
        issues.push({ path, message: `承継先「${successor.name}」は「${department.name}」の廃止の翌年度（${formatFiscalYear(until + 1)}）に存在しません` });
      }
    });
  });
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
  checkDepartmentDates(plan, issues);
  // An owner must exist in some year of the plan, or nobody could ever report for it.
  const inPeriod = new Set(
    plan.departments
      .filter((department) => (department.from ?? -Infinity) <= lastFiscalYear && (department.until ?? Infinity) >= firstFiscalYear)
      .map((department) => department.code),
  );
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

  // A group's level is how many parents it has; measures hang from the deepest level of groups. A plan of
  // one level is already refused by the schema (階層は2〜5段です); counting it as two keeps the checks below from
  // reading a level that is not there.
  const groupDepth = Math.max(plan.levels.length - 2, 0);
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
      } else if (owner !== ASSIGNED_DEPARTMENTS && !inPeriod.has(owner)) {
        issues.push({
          path: [...measurePath, 'owners', oi],
          message: `担当課「${plan.departments.find((d) => d.code === owner)?.name ?? owner}」は計画期間（${periodText}）に存在しません`,
        });
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
          message: `スケジュールの年度は${periodText}の中で、古い順に1度ずつ書いてください（現在：${years.join('、')}）`,
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
