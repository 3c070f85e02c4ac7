/**
 * The report form's data, apart from how it is drawn: which fields a kind of report has, how they are
 * read from a stored report, checked, and kept in the browser until they are saved.
 */
import { parseJapaneseNumber } from '../../../functions/domain/calendar/index.ts';
import type { PeriodBasis } from '../../../functions/domain/calendar/index.ts';
import { asOfProblem } from '../../../functions/domain/progress-reports/as-of.ts';
import {
  actionReportBodySchema,
  actionReportDraftSchema,
  kpiActualBodySchema,
  kpiActualDraftSchema,
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
    };
  }
  return { value: text(body.value), asOf: text(body.asOf), note: text(body.note) };
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
export function validate(kind: Kind, fields: Fields, unit: string | undefined, purpose: Purpose, asOfRule?: AsOfRule): { body?: unknown; errors: Errors } {
  const input =
    kind === 'action'
      ? { ...fields, status: fields.status || undefined, rating: fields.rating || undefined }
      : {
          value: (fields.value ?? '').trim() === '' ? undefined : (parseJapaneseNumber(fields.value ?? '', unit) ?? fields.value),
          asOf: fields.asOf || undefined,
          note: fields.note ?? '',
        };
  const schema =
    purpose === 'draft'
      ? kind === 'action'
        ? actionReportDraftSchema
        : kpiActualDraftSchema
      : kind === 'action'
        ? actionReportBodySchema
        : kpiActualBodySchema;
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
