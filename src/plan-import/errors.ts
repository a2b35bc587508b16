/** Why a plan document could not be imported. */
export type PlanImportErrorCode =
  | 'EMPTY'
  | 'TOO_LARGE'
  | 'UNSUPPORTED'
  | 'CORRUPT'
  | 'BINARY'
  | 'NO_TASKS'
  | 'NOT_FOUND';

/**
 * Raised by the plan import when a document cannot be used.
 * `message` is written in Chinese for the union office clerk; `code` is for programs.
 */
export class PlanImportError extends Error {
  readonly code: PlanImportErrorCode;
  /** The file the error is about, when there is one. */
  readonly filePath?: string;

  constructor(code: PlanImportErrorCode, message: string, options?: { filePath?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PlanImportError';
    this.code = code;
    this.filePath = options?.filePath;
  }
}

export function isPlanImportError(e: unknown): e is PlanImportError {
  return e instanceof PlanImportError;
}
