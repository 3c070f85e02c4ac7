/**
 * The messages every screen may show (a failure, a success, a refusal), apart from views/common.ts: the router
 * and the sign-in need them before any screen's code has loaded, and common.ts brings the workflow's labels and
 * with them zod (about 14 KB compressed, and its set-up on the main thread), which no first paint needs.
 */
import { ApiError } from '../api.ts';
import { html } from '../ui.ts';

export const errorBox = (message: string) => html`<div class="alert alert-error" role="alert">${message}</div>`;
export const okBox = (message: string) => html`<p class="alert alert-ok" role="status">${message}</p>`;

/** The user-facing words of a failed call. */
export const problemText = (error: unknown, fallback: string) => (error instanceof ApiError ? error.problem.detail || error.problem.title : fallback);

/** A screen the signed-in person may not open: said plainly, with the way home. */
export const notAllowed = () => html`
  <h1>このページは表示できません</h1>
  ${errorBox('このページを表示する権限がありません。')}
  <p><a href="#/">ホームへ戻る</a></p>`;
