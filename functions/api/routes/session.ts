import { primaryRole } from '../../http/auth/principal.ts';
import { serviceContext } from '../../http/service-context.ts';
import { problems } from '../../http/problem.ts';
import type { Routes } from '../../http/route.ts';
import { answer } from '../../http/answer.ts';
import { recordSignIn } from '../../service/notices.ts';

export function registerSessionRoutes(routes: Routes): void {
  routes.add(
    {
      method: 'get',
      path: '/health',
      summary: '稼働確認（データベースに接続できるか。できないときは 503）',
      tag: 'システム',
      public: true,
      response: 'healthSchema',
    },
    async (c) => {
      try {
        await c.var.deps.store.checkReachable();
      } catch {
        throw problems.serviceUnavailable('データベースに接続できません。復旧するまでお待ちください');
      }
      return answer(c, { status: 'ok' as const });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/health/live',
      summary: '生存確認（この関数が応答するか。データベースは確かめません）',
      tag: 'システム',
      public: true,
      response: 'healthSchema',
    },
    (c) => answer(c, { status: 'ok' as const }),
  );

  routes.add(
    {
      method: 'get',
      path: '/me',
      summary: '自分の権限・担当課・担当施策',
      tag: 'システム',
      response: 'meSchema',
    },
    async (c) => {
      const ctx = serviceContext(c);
      const { principal } = c.var;
      // Opening the app records who this is and where their notices go (the token's email; functions/notices/).
      const [{ permissions, departments }] = await Promise.all([ctx.access(), recordSignIn(ctx, principal)]);
      const memberships = [...principal.departments].map(([code, role]) => ({ code, name: departments.name(code), role }));
      return answer(c, {
        sub: principal.sub,
        name: principal.name,
        ...(principal.email === undefined ? {} : { email: principal.email }),
        role: primaryRole(principal),
        hq: principal.hq,
        viewer: principal.viewer,
        departments: memberships.map(({ code, name }) => ({ code, name })),
        memberships,
        // The measures the person's departments report on (their home page); HQ and the council work across all of them, listed elsewhere.
        measures: permissions.ownMeasures(),
        // "May do X somewhere", read from the permission table that decides every request: the flags cannot disagree with it.
        permissions: permissions.flags(),
        headConfirmation: ctx.settings.headConfirmation,
        now: ctx.now,
      });
    },
  );
}
