import {
  ForbiddenError,
  ImportConflictError,
  ImportRejectedError,
  IncompleteReportError,
  InvalidInputError,
  InvalidStateError,
  NotFoundError,
  NotWrittenYetError,
  PreconditionFailedError,
  PreconditionRequiredError,
} from '../service/errors.ts';
import { InvalidCursorError, StoreUnavailableError, VersionMismatchError } from '../store/errors.ts';
import { NoPlanError } from '../store/plans.ts';
import { FiscalYearOutOfPlanError } from '../domain/attainment/errors.ts';
import { Problem, problems } from './problem.ts';

import type { Context } from 'hono';
import type { AppEnv } from './deps.ts';

/** Turns a stored record into the shape the route answers it in (reportView, opinionView, ...). */
export type AnswerShape = (record: never) => unknown;

/**
 * Names the shape a route answers its record in, before it calls the service: a 412 from that request
 * then carries the other person's record in the same shape (`current`), whichever layer found the conflict.
 */
export function answersIn<R>(c: Context<AppEnv>, shape: (record: R) => unknown): void {
  c.set('answerShape', shape as AnswerShape);
}

/**
 * The one translation from what the service and the store refuse to HTTP problems (RFC 9457). Undefined
 * for anything else: that is a fault of ours, answered 500 by the app. `shape`: the request's answer
 * shape (answersIn), for the record a 412 carries.
 */
export function problemFor(error: unknown, shape?: AnswerShape): Problem | undefined {
  const current = (record: unknown) => (record === undefined || !shape ? undefined : (shape as (record: unknown) => unknown)(record));
  if (error instanceof Problem) return error;
  // A report not written yet: what the caller may do to it all the same (its `actions`) comes along.
  if (error instanceof NotWrittenYetError) return new Problem(404, '見つかりません', error.message, undefined, {}, { actions: error.actions });
  if (error instanceof NotFoundError) return problems.notFound(error.message);
  // A year no plan covers, asked of the registry directly (the digest, the sheets): 「令和13年度の計画はありません」;
  // or the year before a plan, which the registry answers with that plan (a KPI window may start there) but
  // whose whole-year views (overview, digest) the plan has nothing for: e.g. 「〇年度は計画期間（…）の外です」.
  if (error instanceof NoPlanError || error instanceof FiscalYearOutOfPlanError) return problems.notFound(error.message);
  if (error instanceof ForbiddenError) return problems.forbidden(error.message);
  if (error instanceof InvalidStateError) return problems.conflict(error.message);
  if (error instanceof PreconditionRequiredError) return problems.preconditionRequired();
  // A create that lost the race, or a version someone else replaced: the writer must read again.
  if (error instanceof PreconditionFailedError) return problems.preconditionFailed(error.userMessage, current(error.current));
  if (error instanceof VersionMismatchError) return problems.preconditionFailed(undefined, current(error.current));
  if (error instanceof ImportConflictError) return problems.importConflict(error.errors);
  if (error instanceof ImportRejectedError) return problems.importRejected(error.errors);
  if (error instanceof IncompleteReportError) {
    return new Problem(
      400,
      '提出に必要な項目が入力されていません',
      `${error.errors.map((e) => e.path).join('、')}を入力してから提出してください`,
      error.errors,
    );
  }
  if (error instanceof InvalidInputError) return problems.validation(error.errors);
  if (error instanceof InvalidCursorError) return problems.invalidCursor();
  if (error instanceof StoreUnavailableError) {
    return error.reason === 'throttled'
      ? problems.serviceUnavailable('ただいま混み合っています。保存されていない可能性があります。少し待ってから、読み込み直してもう一度操作してください', 2)
      : problems.serviceUnavailable();
  }
  return undefined;
}
