import * as z from '../zod.ts';

/**
 * A plan entry's key (施策, 取組項目, KPI, and the groups above measures): given once, never changed and
 * never reused, so reports, revisions, opinions and assignments stay on their entry when the plan is
 * renumbered. The display number ("施策3", "3-1") is separate and may change. Letters, digits and
 * `-_.()`, no `#` (the table's key separator) and no spaces; the first plan's own ids ("12", "12-3",
 * "12-K1", "I-1-(1)") are keys as they are.
 */
export const entryKeySchema = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.()-]{0,39}$/, 'キーは英数字と - _ . ( ) の40文字以内です'));
export type EntryKey = z.infer<typeof entryKeySchema>;

/** A plan's id, the name of its seeds folder: lower-case letters, digits and hyphens. */
export const planIdSchema = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{1,39}$/, '計画IDは英小文字・数字・ハイフンの40文字以内です'));
export type PlanId = z.infer<typeof planIdSchema>;

/**
 * A department's code (e.g. "shomu"), as plans, reports and the sign-in groups (dept-<code>) name it. Here
 * rather than in schema.ts so that the API's sign-in check does not load the whole plan schema.
 */
export const departmentCodeSchema = z.string().check(z.regex(/^[a-z][a-z0-9-]{1,39}$/, '課コードは英小文字・数字・ハイフンで指定してください'));
export type DepartmentCode = z.infer<typeof departmentCodeSchema>;
