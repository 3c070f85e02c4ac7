/**
 * What the service refuses, by kind. Routes (through the API's one translator, functions/http/translate.ts)
 * answer each with its status; the messages are Japanese because users read them.
 */
export class ServiceError extends Error {}

/** One field at fault: a path a user can find (「実績」, 「3行目（12-1）.版」) and what is wrong with it. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** The thing does not exist, or the caller may not know it exists (404). */
export class NotFoundError extends ServiceError {
  override name = 'NotFoundError';
}

/**
 * A report the caller may see that nobody has written yet (404): `actions` are what the caller may do to
 * it all the same (`save` starts it), so a form can open for a 課 that may write it and stay shut otherwise.
 */
export class NotWrittenYetError extends NotFoundError {
  override name = 'NotWrittenYetError';
  constructor(
    message: string,
    readonly actions: readonly string[],
  ) {
    super(message);
  }
}

/** The caller may see it but not do this (403). */
export class ForbiddenError extends ServiceError {
  override name = 'ForbiddenError';
}

/** Not in the state it is in now (409): a submitted report cannot be saved, a plan-owned measure not assigned. */
export class InvalidStateError extends ServiceError {
  override name = 'InvalidStateError';
}

/** An update came without If-Match (428): the caller must say which version they read. */
export class PreconditionRequiredError extends ServiceError {
  override name = 'PreconditionRequiredError';
  constructor() {
    super('更新には If-Match が必要です');
  }
}

/**
 * If-Match names no current version (412): someone else changed it first, or the tag is not ours.
 * `current`: the record as it is stored now (absent when nothing is, or for an import's many rows).
 */
export class PreconditionFailedError extends ServiceError {
  override name = 'PreconditionFailedError';
  /** `userMessage`: what the user should be told when the generic "someone updated it first" is not enough. */
  constructor(
    readonly userMessage?: string,
    readonly current?: unknown,
  ) {
    super(userMessage ?? 'If-Match が現在の版と一致しません');
  }
}

/** Input the service checks beyond the request's shape (400), each field at fault named. */
export class InvalidInputError extends ServiceError {
  override name = 'InvalidInputError';
  constructor(readonly errors: FieldProblem[]) {
    super(errors.map((e) => `${e.path}: ${e.message}`).join(' / '));
  }
}

/** A report submitted (or confirmed) with required fields still empty (400): each missing field named. */
export class IncompleteReportError extends InvalidInputError {
  override name = 'IncompleteReportError';
}

/** A spreadsheet import with any row at fault (400): nothing was applied. */
export class ImportRejectedError extends InvalidInputError {
  override name = 'ImportRejectedError';
}

/**
 * A spreadsheet import with rows someone changed on the web since the export and the file changes too (412):
 * each such row named; nothing was applied.
 */
export class ImportConflictError extends ServiceError {
  override name = 'ImportConflictError';
  constructor(readonly errors: FieldProblem[]) {
    super(errors.map((e) => `${e.path}: ${e.message}`).join(' / '));
  }
}
