/**
 * The report form's data, apart from how it is drawn: which fields a kind of report has, how they are
 * read from a stored report, checked, and kept in the browser until they are saved.
 */
import { formatPeriod, formatYen, parseJapaneseNumber } from '../../../functions/domain/calendar/index.ts';
import type { PeriodBasis } from '../../../functions/domain/calendar/index.ts';
import { formatTarget, targetFor } from '../../../functions/domain/catalogue/kpi-periods.ts';
import type { Kpi, ScheduledActionItem } from '../../../functions/domain/catalogue/schema.ts';
import { asOfProblem } from '../../../functions/domain/progress-reports/as-of.ts';
import {
  actionReportBodySchema,
  actionReportDraftSchema,
  kpiActualBodySchema,
  kpiActualDraftSchema,
  qualitativeKpiActualBodySchema,
} from '../../../functions/domain/progress-reports/schema.ts';
import type { Report } from '../state.ts';

export type Kind = 'action' | 'kpi';
/** Every field as the user typed it (text), keyed by the body's field name. */
export type Fields = Record<string, string>;
export type Errors = Record<string, string>;

export const TEXT_LIMIT = 4000;

/** The API path of one report. */
export const reportPath = (kind: Kind, id: string, fy: number) =>
  `/fiscal-years/${fy}/${kind === 'action' ? 'action-reports' : 'kpi-actuals'}/${encodeURIComponent(id)}`;

/** Unsaved input survives a reload and an expired session: it is kept per report until it is saved. */
export const draftKey = (kind: Kind, id: string, fy: number) => `shinchoku.draft.${kind}.${id}.${fy}`;

/** Yen as the 効果額 field writes it: digits with thousands separators (8,000,000), no unit. */
export const yenDigits = (yen: number) => yen.toLocaleString('ja-JP', { maximumFractionDigits: 0 });

export function fieldsFromReport(kind: Kind, report: Report | null): Fields {
  // A draft may hold any subset of the fields; each is shown as the text the form edits.
  const body: Record<string, unknown> = report?.body ?? {};
  const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
  if (kind === 'action') {
    return {
      status: text(body.status),
      rating: text(body.rating),
      achievements: text(body.achievements),
      challenges: text(body.challenges),
      nextSteps: text(body.nextSteps),
      // Only once reported: most items have no 効果額, and a field nobody has is no field of theirs.
      ...(typeof body.effectAmount === 'number' ? { effectAmount: yenDigits(body.effectAmount) } : {}),
    };
  }
  return { value: text(body.value), ...(body.assessment ? { assessment: text(body.assessment) } : {}), asOf: text(body.asOf), note: text(body.note) };
}

/** The KPI facts the form's checks depend on: its unit (how a value is read) and its kind (what 提出 needs). */
export type KpiRule = Pick<Kpi, 'unit' | 'kind'>;

/**
 * A typed amount as a number the way the KPI value field reads one (8,000,000、800万、８００万円), else the
 * text itself, which the schema then refuses in words; undefined when left blank.
 */
function typedNumber(text: string | undefined, unit: string | undefined): number | string | undefined {
  const typed = text ?? '';
  return typed.trim() === '' ? undefined : (parseJapaneseNumber(typed, unit) ?? typed);
}

/** 効果額 the plan expects of the item in fiscal year `fy`, in yen; null when it names none that year. */
export function plannedEffect(item: Pick<ScheduledActionItem, 'effect'>, fy: number): number | null {
  return item.effect?.planned.find((entry) => entry.fiscalYear === fy)?.amount ?? null;
}

/** The line beside the 効果額 field: 「平成28年度の計画: 1,000万円」, or that the plan names none this year. */
export function plannedEffectLine(item: Pick<ScheduledActionItem, 'effect'>, fy: number): string {
  const planned = plannedEffect(item, fy);
  return planned === null ? `${formatPeriod(fy, 'fiscal_year')}の計画額はありません` : `${formatPeriod(fy, 'fiscal_year')}の計画：${formatYen(planned)}`;
}

/**
 * What the KPI form says of the year's target: 「目標未設定（見直しで設定予定）」 for a target the plan leaves
 * to a revision; the year's own target where the plan gives one (「平成28年度の目標: 14件（平成28年度）」);
 * else null (the final target is shown already). The year's target is the one the rating compares with (targetFor).
 */
export function yearTargetLine(kpi: Kpi, period: number): string | null {
  const target = targetFor(kpi, period);
  if (target.comparison === 'unset') return '目標未設定（見直しで設定予定）';
  if (target === kpi.target) return null;
  return `${formatPeriod(period, kpi.basis)}の目標：${formatTarget({ ...kpi, target })}`;
}

/** 'draft': 下書き保存 keeps whatever is filled in (only what is filled in must be well formed); 'submit': every required field. */
export type Purpose = 'draft' | 'submit';

/** What a KPI actual's 時点 is checked against: its period, how the KPI counts periods, and today in Japan ("YYYY-MM-DD"). */
export interface AsOfRule {
  period: number;
  basis: PeriodBasis;
  today: string;
}

/**
 * The same schemas the API validates with (the draft schema for PUT, the complete one for submit), and the
 * same 時点 rule (asOfProblem: the period's window, not after today), so a message shown here is the one the
 * server would give. A KPI value may be typed the Japanese way (92.5%、26億3,000万円、１２３); anything else
 * stays text and fails.
 */
export function validate(kind: Kind, fields: Fields, kpi: KpiRule | undefined, purpose: Purpose, asOfRule?: AsOfRule): { body?: unknown; errors: Errors } {
  const input =
    kind === 'action'
      ? {
          ...fields,
          status: fields.status || undefined,
          rating: fields.rating || undefined,
          // 効果額 is whole yen: "800万" and "8,000,000" are both 8000000; a fraction stays one and is refused.
          effectAmount: typedNumber(fields.effectAmount, '円'),
        }
      : {
          value: typedNumber(fields.value, kpi?.unit),
          assessment: fields.assessment || undefined,
          asOf: fields.asOf || undefined,
          note: fields.note ?? '',
        };
  // A qualitative KPI is complete with its 評価 (A–D) instead of a value, as the API checks on 提出.
  const complete = kind === 'action' ? actionReportBodySchema : kpi?.kind === 'qualitative' ? qualitativeKpiActualBodySchema : kpiActualBodySchema;
  const schema = purpose === 'draft' ? (kind === 'action' ? actionReportDraftSchema : kpiActualDraftSchema) : complete;
  const result = schema.safeParse(input);
  const errors: Errors = {};
  if (!result.success) for (const issue of result.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  const asOf = (result.data as { asOf?: string } | undefined)?.asOf;
  const problem = asOf !== undefined && asOfRule ? asOfProblem(asOf, asOfRule.period, asOfRule.basis, asOfRule.today) : null;
  if (problem) errors.asOf = problem;
  return Object.keys(errors).length === 0 ? { body: result.data, errors } : { errors };
}

/** problem+json `errors[].path` ("achievements", "body.value") as one message per form field. */
export function serverErrors(errors: { path: string; message: string }[] = []): Errors {
  const byField: Errors = {};
  for (const e of errors) byField[e.path.split('.').at(-1)!] ??= e.message;
  return byField;
}
