import { fiscalYearOf, formatFiscalYear, formatPeriodLabel } from '../calendar/index.ts';
import * as z from '../zod.ts';
import { ASSIGNED_DEPARTMENTS, PLAN_FIRST_YEAR, PLAN_LAST_YEAR, PLAN_YEARS, isReference, planSchema, type Kpi, type Plan } from './schema.ts';

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

/** 令和8〜12年度, as messages name the plan's period. */
const PLAN_PERIOD = formatPeriodLabel({ kind: 'fiscal_years', from: PLAN_FIRST_YEAR, to: PLAN_LAST_YEAR });

type Issue = { path: (string | number)[]; message: string };

function checkKpi(kpi: Kpi, measureNumber: number, path: (string | number)[], issues: Issue[]): void {
  const { baseline, target } = kpi;
  if (!kpi.id.startsWith(`${measureNumber}-K`)) {
    issues.push({ path: [...path, 'id'], message: `KPI「${kpi.id}」は施策${measureNumber}のIDではありません` });
  }
  if (target.period < PLAN_FIRST_YEAR || target.period > PLAN_LAST_YEAR) {
    issues.push({
      path: [...path, 'target', 'period'],
      message: `目標年（${target.period}）が計画期間（${PLAN_PERIOD}）の外です`,
    });
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
 * Cross-checks zod's object shapes cannot express: ids that match their place, known departments,
 * schedules that cover every plan year, references that resolve, periods inside the plan.
 */
function checkPlan(plan: Plan, ctx: z.core.$RefinementCtx<Plan>): void {
  const issues: Issue[] = [];
  const departmentCodes = new Set<string>();
  plan.departments.forEach((department, i) => {
    if (departmentCodes.has(department.code)) {
      issues.push({ path: ['departments', i, 'code'], message: `課コード「${department.code}」が重複しています` });
    }
    departmentCodes.add(department.code);
  });

  const seenIds = new Set<string>();
  const claimId = (id: string, path: (string | number)[]) => {
    if (seenIds.has(id)) issues.push({ path, message: `ID「${id}」が重複しています` });
    seenIds.add(id);
  };

  const scheduledItems = new Set<string>();
  const references: { id: string; to: string; path: (string | number)[] }[] = [];
  let expectedMeasure = 1;

  plan.pillars.forEach((pillar, pi) => {
    claimId(pillar.id, ['pillars', pi, 'id']);
    pillar.policies.forEach((policy, qi) => {
      const policyPath = ['pillars', pi, 'policies', qi];
      claimId(policy.id, [...policyPath, 'id']);
      if (!policy.id.startsWith(`${pillar.id}-`)) {
        issues.push({ path: [...policyPath, 'id'], message: `政策「${policy.id}」は柱${pillar.id}に属していません` });
      }
      policy.subPolicies.forEach((subPolicy, si) => {
        const subPath = [...policyPath, 'subPolicies', si];
        claimId(subPolicy.id, [...subPath, 'id']);
        if (!subPolicy.id.startsWith(`${policy.id}-(`)) {
          issues.push({ path: [...subPath, 'id'], message: `「${subPolicy.id}」は政策${policy.id}に属していません` });
        }
        subPolicy.measures.forEach((measure, mi) => {
          const measurePath = [...subPath, 'measures', mi];
          if (measure.number !== expectedMeasure) {
            issues.push({
              path: [...measurePath, 'number'],
              message: `施策番号は${expectedMeasure}のはずが${measure.number}です（重複か欠番）`,
            });
          }
          expectedMeasure = measure.number + 1;
          claimId(`measure-${measure.number}`, [...measurePath, 'number']);
          measure.owners.forEach((owner, oi) => {
            if (owner !== ASSIGNED_DEPARTMENTS && !departmentCodes.has(owner)) {
              issues.push({ path: [...measurePath, 'owners', oi], message: `未登録の課コード「${owner}」です` });
            }
          });
          measure.actionItems.forEach((item, ii) => {
            const itemPath = [...measurePath, 'actionItems', ii];
            claimId(item.id, [...itemPath, 'id']);
            if (item.id !== `${measure.number}-${ii + 1}`) {
              issues.push({ path: [...itemPath, 'id'], message: `取組項目IDは「${measure.number}-${ii + 1}」のはずです` });
            }
            if (isReference(item)) {
              references.push({ id: item.id, to: item.referenceTo, path: [...itemPath, 'referenceTo'] });
              return;
            }
            scheduledItems.add(item.id);
            const years = item.schedule.map((entry) => entry.fiscalYear);
            if (years.join() !== PLAN_YEARS.join()) {
              issues.push({
                path: [...itemPath, 'schedule'],
                message: `スケジュールは${PLAN_PERIOD}を1年ずつ順に網羅してください（現在: ${years.join('、')}）`,
              });
            }
          });
          measure.kpis.forEach((kpi, ki) => {
            const kpiPath = [...measurePath, 'kpis', ki];
            claimId(kpi.id, [...kpiPath, 'id']);
            if (kpi.id !== `${measure.number}-K${ki + 1}`) {
              issues.push({ path: [...kpiPath, 'id'], message: `KPIのIDは「${measure.number}-K${ki + 1}」のはずです` });
            }
            checkKpi(kpi, measure.number, kpiPath, issues);
          });
        });
      });
    });
  });

  for (const reference of references) {
    if (!scheduledItems.has(reference.to)) {
      issues.push({
        path: reference.path,
        message: `参照先の取組項目「${reference.to}」がありません（参照の参照はできません）`,
      });
    }
  }

  for (const issue of issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
}

/** The catalogue as stored in seeds/: shapes plus the cross-checks above. */
export const catalogueSchema = planSchema.check(z.superRefine(checkPlan));
