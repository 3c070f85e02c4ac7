import * as z from '../domain/zod.ts';

/**
 * The query of a list answered in pages: `?cursor=` is the previous page's `nextCursor`, opaque to the
 * client (each list makes and reads its own), and `?limit=` an integer from 1 to `maxLimit`. The first
 * page has no cursor. Shared by every paged route, so they are all asked for the same way.
 */
export function pageQuerySchema(maxLimit: number) {
  const limitError = `limit は1〜${maxLimit}の整数で指定してください`;
  return z.object({
    cursor: z.optional(z.string().check(z.regex(/^[A-Za-z0-9+/_-]{1,200}$/, { error: 'cursor は前のページの nextCursor をそのまま指定してください' }))),
    limit: z.optional(
      z
        .pipe(z.string().check(z.regex(/^\d{1,4}$/, { error: limitError })), z.transform(Number))
        .check(z.refine((n) => n >= 1 && n <= maxLimit, { error: limitError })),
    ),
  });
}
