import { searchQuerySchema } from '../../contract/index.ts';
import { answer } from '../../http/answer.ts';
import type { Routes } from '../../http/route.ts';
import { serviceContext } from '../../http/service-context.ts';
import { search } from '../../service/search.ts';

export function registerSearchRoutes(routes: Routes): void {
  routes.add(
    {
      method: 'get',
      path: '/search',
      summary:
        '検索：計画の施策・取組項目・KPI（番号、名称、担当課）と、年度（?fy=、省略時は現在の年度）の報告の本文（実績・課題・今後の取組・出典・コメント）から、' +
        '読める範囲で ?q= を含むものを探します。全角・半角、大文字・小文字は区別しません。最大50件（それを超えると truncated）',
      tag: '検索',
      query: searchQuerySchema,
      response: 'searchResultsSchema',
    },
    async (c, { query: { q, fy } }) => {
      const ctx = serviceContext(c);
      const found = await search(ctx, q, fy);
      return answer(c, { q, ...found });
    },
  );
}
