import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { App } from 'aws-cdk-lib';
import * as z from 'zod';
import { PROJECT_ROOT } from './constructs/function.ts';

/**
 * The deployment's plans, as far as the stacks need them: which city this is (mail subjects,
 * descriptions), the active plan's HQ, and every department any plan names (Cognito groups).
 *
 * Read at synth time from a seeds folder holding one folder per plan, `<folder>/<planId>/plan.json`
 * (default seeds/plans, or `-c planSeeds=<folder>`). Only the fields below are checked here; the rest
 * of a plan is the application's to validate when it loads the plan.
 */

/** The folder `cdk synth` reads when -c planSeeds is not given, from the project root. */
export const DEFAULT_PLAN_SEEDS = 'seeds/plans';

const CODE = /^[a-z0-9-]{1,64}$/;

const text = z.string().trim().min(1, '空です');
// The lower bound catches an era year (8 for 令和8年度) written where the 西暦 fiscal year belongs.
const fiscalYear = z.number().int('西暦の年度（整数）にしてください').min(1989, '西暦の年度にしてください（和暦の年ではなく）');
/** A plan id or a department code: it names folders, URLs and Cognito groups (dept-<code>). */
const code = z.string().regex(CODE, '英小文字・数字・ハイフン（64文字まで）のコードにしてください');

const planSchema = z
  .object({
    id: code,
    status: z.enum(['active', 'upcoming', 'archived'], 'active・upcoming・archived のどれかにしてください'),
    title: text,
    city: z.object({
      name: text,
      prefecture: text,
      /** 全国地方公共団体コード (JIS X 0401 and its check digit): 6 digits. */
      code: z.string().regex(/^\d{6}$/, '6桁の数字の全国地方公共団体コードにしてください'),
    }),
    period: z
      .object({ firstFiscalYear: fiscalYear, lastFiscalYear: fiscalYear })
      .refine((period) => period.firstFiscalYear <= period.lastFiscalYear, { message: '最終年度が初年度より前です', path: ['lastFiscalYear'] }),
    departments: z.array(z.object({ code, name: text, from: fiscalYear.optional(), until: fiscalYear.optional() })).min(1, '課が1つもありません'),
    hq: z.object({ name: text, department: code }),
  })
  .superRefine((plan, context) => {
    if (!plan.departments.some((department) => department.code === plan.hq.department)) {
      context.addIssue({ code: 'custom', path: ['hq', 'department'], message: `departments にない課コード ${plan.hq.department} です` });
    }
  });

export type Plan = z.output<typeof planSchema>;
export type City = Plan['city'];

/** A department as the Cognito groups know it: its latest name, and the last fiscal year it existed if it has ended. */
export interface Department {
  code: string;
  name: string;
  /** Last fiscal year in force (`until` in the plan); absent while the department exists. */
  until?: number;
}

export interface DeploymentPlans {
  /** The city of the active plan. */
  city: City;
  /** The one plan with status "active". */
  active: Plan;
  plans: Plan[];
  /**
   * Every department any plan names, ended ones included: their reports stay readable in archived
   * plans, so their dept-<code> groups must stay. In order of first appearance (plans by id).
   */
  departments: Department[];
  /** The active plan's HQ department. */
  hqDepartment: Department;
}

/** A seeds folder that cannot be used; the message names the file and the field at fault, in Japanese. */
export class PlanSeedsError extends Error {
  override name = 'PlanSeedsError';
}

/** The seeds folder of this synth: `-c planSeeds=<folder>` (relative to the project root) or seeds/plans. */
export function planSeedsFolder(app: App, override?: string): string {
  const folder = override ?? (app.node.tryGetContext('planSeeds') as string | undefined) ?? DEFAULT_PLAN_SEEDS;
  return resolve(PROJECT_ROOT, folder);
}

/** A path as messages show it: from the project root when inside it, else as given. */
function shown(path: string): string {
  const inside = relative(PROJECT_ROOT, path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}

/**
 * Reads every `<folder>/<planId>/plan.json`.
 * @throws PlanSeedsError when the folder or a plan.json is missing or unreadable, a field infra needs
 *   is missing or wrong, a plan's id is not its folder's name, or not exactly one plan is active.
 */
export function readPlanSeeds(folder: string): DeploymentPlans {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new PlanSeedsError(`計画データのフォルダー ${shown(folder)} がありません（-c planSeeds=<フォルダー> で指定できます。既定は ${DEFAULT_PLAN_SEEDS}）`);
  }
  const ids = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  if (ids.length === 0) throw new PlanSeedsError(`計画データのフォルダー ${shown(folder)} に計画がありません（<計画ID>/plan.json を置いてください）`);

  const plans = ids.map((id) => {
    const file = join(folder, id, 'plan.json');
    if (!existsSync(file)) throw new PlanSeedsError(`${shown(file)} がありません`);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new PlanSeedsError(`${shown(file)} を JSON として読めません: ${(error as Error).message}`);
    }
    const result = planSchema.safeParse(raw, { error: (issue) => (issue.input === undefined ? 'がありません' : undefined) });
    if (!result.success) {
      const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(全体)'}: ${issue.message}`);
      throw new PlanSeedsError(`${shown(file)} の項目が正しくありません:\n${lines.join('\n')}`);
    }
    if (result.data.id !== id) throw new PlanSeedsError(`${shown(file)} の id: フォルダー名と同じ ${id} にしてください（${result.data.id} になっています）`);
    return result.data;
  });

  const active = plans.filter((plan) => plan.status === 'active');
  if (active.length !== 1) {
    const which = active.length === 0 ? 'ありません' : `${active.length}つあります（${active.map((plan) => plan.id).join('、')}）`;
    throw new PlanSeedsError(`${shown(folder)} に status が "active" の計画がちょうど1つ必要ですが、${which}`);
  }
  const departments = unionOfDepartments(plans);
  const activePlan = active[0]!;
  return {
    city: activePlan.city,
    active: activePlan,
    plans,
    departments,
    hqDepartment: departments.find((department) => department.code === activePlan.hq.department)!,
  };
}

/**
 * One entry per code. A code named more than once (a rename from a fiscal year, or the same
 * department in several plans) keeps the entry in force latest: the one without `until`, else the
 * latest `until`; on a tie the later one read.
 */
function unionOfDepartments(plans: Plan[]): Department[] {
  const latest = new Map<string, Department>();
  for (const plan of plans) {
    for (const { code, name, until } of plan.departments) {
      const known = latest.get(code);
      if (known && (known.until ?? Number.POSITIVE_INFINITY) > (until ?? Number.POSITIVE_INFINITY)) continue;
      latest.set(code, { code, name, ...(until === undefined ? {} : { until }) });
    }
  }
  return [...latest.values()];
}
