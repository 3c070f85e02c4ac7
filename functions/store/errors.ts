/** Storage outcomes a handler turns into HTTP answers; anything else is a real fault. */
export class StoreError extends Error {}

/**
 * A conditional write found the record at another version than the writer read (HTTP 412): someone else
 * changed it first, or created it first when the writer meant to create it. `current` is the record as
 * it is stored now, without its keys (DynamoDB hands it back with the refusal, ReturnValuesOnConditionCheckFailure
 * ALL_OLD), so the answer can show the other person's version without a second read; undefined when
 * nothing is stored, or for writes that are not of a versioned record (the plan, a mail claim).
 */
export class VersionMismatchError extends StoreError {
  constructor(
    readonly key: string,
    readonly current?: unknown,
  ) {
    super(`${key} は他の人によって更新されています`);
    this.name = 'VersionMismatchError';
  }
}

/**
 * The table cannot be reached or is refusing work for now (connection refused or dropped, a timeout,
 * throttling, a transaction conflict): nothing was written, and trying again later may succeed (HTTP 503).
 */
export class StoreUnavailableError extends StoreError {
  constructor(
    readonly reason: 'unreachable' | 'throttled',
    options?: { cause?: unknown },
  ) {
    super(reason === 'unreachable' ? 'データベースに接続できません' : 'データベースが混み合っています', options);
    this.name = 'StoreUnavailableError';
  }
}

/** A page cursor this store did not hand out (altered, or from another list): the client should start again (HTTP 400). */
export class InvalidCursorError extends StoreError {
  constructor() {
    super('この一覧が作った cursor ではありません');
    this.name = 'InvalidCursorError';
  }
}
