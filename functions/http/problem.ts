/** One field at fault, as RFC 9457's extension member `errors` lists them. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * An answer in application/problem+json (RFC 9457). Thrown anywhere in a handler;
 * the app's error handler writes it. Titles and details are Japanese because users read them.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    /** Headers the answer carries besides its content type (Retry-After for a 503). */
    readonly headers: Record<string, string> = {},
    /** RFC 9457 extension members besides `errors` (a 412's `current`: the record as someone else left it). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'Problem';
  }

  toJSON(instance: string) {
    return {
      type: `https://shinchoku.example/problems/${this.status}`,
      title: this.title,
      status: this.status,
      detail: this.detail,
      instance,
      ...(this.errors ? { errors: this.errors } : {}),
      ...this.extensions,
    };
  }
}

export const problems = {
  validation: (errors: FieldError[]) => new Problem(400, '入力内容に誤りがあります', errors.map((e) => `${e.path}: ${e.message}`).join(' / '), errors),
  importRejected: (errors: FieldError[]) =>
    new Problem(400, '取り込めませんでした（何も反映していません）', `${errors.length}件の誤りがあります。修正してもう一度取り込んでください`, errors),
  importConflict: (errors: FieldError[]) =>
    new Problem(
      412,
      '取り込めませんでした（何も反映していません）',
      `出力した後に画面で更新された行を、ファイルでも変更しています（${errors.length}行）。最新を出力し直して記入してください`,
      errors,
    ),
  badRequest: (detail: string, path?: string) => new Problem(400, '入力内容に誤りがあります', detail, path ? [{ path, message: detail }] : undefined),
  /** A page cursor the list did not hand out (altered, or from another list): start again from the first page. */
  invalidCursor: () => problems.badRequest('cursor が正しくありません。前のページの nextCursor をそのまま指定してください', 'cursor'),
  unauthorized: (detail = 'サインインしてください（認証情報がないか、有効期限が切れています）') => new Problem(401, '認証が必要です', detail),
  forbidden: (detail: string) => new Problem(403, 'この操作は許可されていません', detail),
  notFound: (detail = '指定されたものは見つかりません') => new Problem(404, '見つかりません', detail),
  methodNotAllowed: (method: string, allow: string) => new Problem(405, 'この操作はできません', `このURLでは ${method} は使えません（使えるのは ${allow}）`),
  conflict: (detail: string) => new Problem(409, '現在の状態ではこの操作はできません', detail),
  /**
   * Someone else changed it first. `current`, when known, is their version in the answer's own shape
   * (with its `version`, the ETag to send next), so the screen can show what they wrote without reading again.
   */
  preconditionFailed: (detail = '他の人が先に更新しました。最新の内容を読み込み直してから、もう一度操作してください', current?: unknown) =>
    new Problem(412, '更新が競合しました', detail, undefined, {}, current === undefined ? {} : { current }),
  tooLarge: (detail = 'リクエストが大きすぎます（上限 64KB）') => new Problem(413, 'リクエストが大きすぎます', detail),
  unsupportedMediaType: (detail: string) => new Problem(415, '対応していない形式です', detail),
  preconditionRequired: (detail = '更新には If-Match ヘッダー（読み込んだときの ETag）が必要です。最新の内容を読み込んでから更新してください') =>
    new Problem(428, '更新の前提条件がありません', detail),
  internal: () => new Problem(500, 'システムエラー', '処理中に問題が発生しました。時間をおいてもう一度お試しください。続く場合は総合政策課へ連絡してください'),
  /** The database or another service is unreachable or throttling: nothing was changed; try again after `retryAfterSeconds`. */
  serviceUnavailable: (
    detail = 'データベースに一時的に接続できません。保存されていない可能性があります。少し待ってから、読み込み直してもう一度操作してください',
    retryAfterSeconds = 5,
  ) => new Problem(503, '一時的に利用できません', detail, undefined, { 'Retry-After': String(retryAfterSeconds) }),
};
