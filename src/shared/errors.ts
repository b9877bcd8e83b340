/**
 * @module shared/errors
 * The one base error of bulwark and the helper every context uses to declare its error
 * catalog. A catalog maps stable codes (`<CTX>_ERR_<PROBLEM>`) to what the code means and
 * how to fix it; `docs/errors.md` is generated from the catalogs and a test keeps them in
 * sync. Domain errors carry no HTTP status: each edge owns its own code-to-status table.
 */

/** `user`: the caller gave bad input (CLI exit 2). `failure`: bulwark could not do its job (exit 1). */
export type ErrorKind = 'user' | 'failure';

/** One catalog entry. A retired code stays listed with `removed: true` and is never reused. */
export interface ErrorSpec {
  readonly kind: ErrorKind;
  /** What the error means, one sentence. */
  readonly meaning: string;
  /** What the user should do about it, one sentence. */
  readonly fix: string;
  readonly removed?: boolean;
}

export type ErrorCatalog<C extends string = string> = Readonly<Record<C, ErrorSpec>>;

/** Details are plain data (JSON-serialisable) that name what was wrong: a path, a field, a value. */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/**
 * The base class of every error bulwark raises on purpose.
 *
 * @example
 * throw new BulwarkError('REG_ERR_VERSION_CONFLICT', 'fraud v1 exists with another digest', {
 *   kind: 'user', details: { model: 'fraud', version: 'v1' } });
 */
export class BulwarkError<C extends string = string> extends Error {
  readonly code: C;
  readonly kind: ErrorKind;
  readonly details: ErrorDetails;

  constructor(code: C, message: string, options: { kind: ErrorKind; details?: ErrorDetails; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BulwarkError';
    this.code = code;
    this.kind = options.kind;
    this.details = options.details ?? {};
  }

  toJSON(): { code: C; message: string; details: ErrorDetails } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** True when `err` is one of ours (as opposed to a bug, a driver error or an upstream failure). */
export function isBulwarkError(err: unknown): err is BulwarkError {
  return err instanceof BulwarkError;
}

/** A context's catalog plus a typed factory for its errors. */
export interface DefinedCatalog<C extends string> {
  readonly prefix: string;
  readonly codes: ErrorCatalog<C>;
  /** Builds the error for `code`; its kind comes from the catalog. */
  error(code: C, message: string, details?: ErrorDetails, cause?: unknown): BulwarkError<C>;
}

const CODE_PATTERN = /^[A-Z]{2,4}_ERR_[A-Z0-9_]+$/;

/**
 * Declares a context's error catalog. Every code must start with `<prefix>_ERR_`.
 *
 * @example
 * export const registryErrors = defineErrors('REG', {
 *   REG_ERR_UNKNOWN_MODEL: { kind: 'user', meaning: 'No such model.', fix: 'Run `bulwark registry list`.' },
 * });
 */
export function defineErrors<const T extends Record<string, ErrorSpec>>(
  prefix: string,
  codes: T,
): DefinedCatalog<Extract<keyof T, string>> {
  for (const code of Object.keys(codes)) {
    if (!CODE_PATTERN.test(code) || !code.startsWith(`${prefix}_ERR_`)) {
      throw new Error(`error code ${code} does not follow ${prefix}_ERR_<PROBLEM>`);
    }
  }
  const frozen = Object.freeze({ ...codes }) as ErrorCatalog<Extract<keyof T, string>>;
  return {
    prefix,
    codes: frozen,
    error(code, message, details, cause) {
      const spec = frozen[code];
      return new BulwarkError(code, message, { kind: spec.kind, details: details ?? {}, cause });
    },
  };
}
