/** Storage outcomes a handler turns into HTTP answers; anything else is a real fault. */
export class StoreError extends Error {}

/** The stored version is not the one the writer read (HTTP 412). */
export class VersionMismatchError extends StoreError {
  constructor(readonly key: string) {
    super(`${key} は他の人によって更新されています`);
    this.name = 'VersionMismatchError';
  }
}

/** The item already exists, so a create needs the version the writer read (HTTP 428). */
export class AlreadyExistsError extends StoreError {
  constructor(readonly key: string) {
    super(`${key} は既に存在します`);
    this.name = 'AlreadyExistsError';
  }
}

/**
 * The table cannot be reached or is refusing work for now (connection refused or dropped, a timeout,
 * throttling, a transaction conflict): nothing was written, and trying again later may succeed (HTTP 503).
 */
export class StoreUnavailableError extends StoreError {
  constructor(readonly reason: 'unreachable' | 'throttled', options?: { cause?: unknown }) {
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
