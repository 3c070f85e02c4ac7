import { resolveDepartments } from '../../domain/departments.ts';
import type { Routes } from '../../http/route.ts';
import { answer } from '../../http/answer.ts';

/**
 * GET /departments: every department, the plan's and those HQ added for 関係各課 measures, with
 * their names. For everyone signed in; with local sign-in also before it, because the dev sign-in
 * screen lists the departments one can sign in as.
 */
export function registerDepartmentRoutes(routes: Routes, options: { localSignIn: boolean }): void {
  routes.add(
    {
      method: 'get',
      path: '/departments',
      summary: '課の一覧（計画にある課と、推進本部が関係各課に追加した課）',
      tag: '計画',
      public: options.localSignIn,
      response: 'departmentListSchema',
    },
    async (c) => {
      const { deps } = c.var;
      const [catalogue, assignments] = await Promise.all([deps.plans.active(), deps.store.listAssignments()]);
      return answer(c, { departments: [...resolveDepartments(catalogue, assignments).all] });
    },
  );
}
