/**
 * @module control/auth
 * Bearer tokens of the control plane, held as sha256 digests like API keys: a presented
 * token is hashed, looked up by digest, and the digests are compared in constant time.
 * Roles are ordered viewer < operator < admin; `authorize` turns a request's headers into
 * the caller or the 401/403 error (with the WWW-Authenticate challenge of RFC 6750).
 */
import { hash, timingSafeEqual } from 'node:crypto';
import { CONTROL_ROLES } from '../config/index.js';
import type { ControlRole, ControlTokenConfig } from '../config/index.js';
import type { BulwarkError } from '../shared/errors.js';
import { controlErrors } from './errors.js';
import type { Principal, RouteAccess } from './router.js';

/** The challenge sent with every 401. */
export const REALM = 'Bearer realm="bulwark"';

/**
 * Tokens by digest.
 *
 * @example
 * const index = new TokenIndex([{ id: 'alice', sha256: sha256Hex('s3cret'), role: 'operator' }]);
 * index.find('s3cret'); // { tokenId: 'alice', role: 'operator' }
 */
export class TokenIndex {
  readonly #byDigest = new Map<string, { readonly digest: Buffer; readonly principal: Principal }>();

  constructor(tokens: readonly Pick<ControlTokenConfig, 'id' | 'sha256' | 'role'>[]) {
    for (const token of tokens) {
      const digest = Buffer.from(token.sha256.toLowerCase(), 'hex');
      this.#byDigest.set(digest.toString('latin1'), { digest, principal: Object.freeze({ tokenId: token.id, role: token.role }) });
    }
  }

  /** The caller whose token hashes to sha256(`presented`), if any. */
  find(presented: string): Principal | undefined {
    const digest = hash('sha256', presented, 'buffer');
    const entry = this.#byDigest.get(digest.toString('latin1'));
    return entry !== undefined && timingSafeEqual(entry.digest, digest) ? entry.principal : undefined;
  }
}

/**
 * True when `role` may call a route of `access`.
 *
 * @example
 * roleAllows('operator', 'viewer'); // true
 * roleAllows('viewer', 'admin');    // false
 */
export function roleAllows(role: ControlRole, access: RouteAccess): boolean {
  return access === 'public' || CONTROL_ROLES.indexOf(role) >= CONTROL_ROLES.indexOf(access);
}

/**
 * The token a request presents: `Authorization: Bearer <token>`, else `fallback` (the
 * `access_token` query parameter of the event stream). Undefined when none; an empty string
 * when the header is present but not a bearer token (a wrong token, not a missing one).
 *
 * @example
 * presentedToken('Bearer abc', undefined); // 'abc'
 */
export function presentedToken(authorization: string | undefined, fallback: string | undefined): string | undefined {
  if (authorization !== undefined) return /^bearer\s+/i.test(authorization) ? authorization.replace(/^bearer\s+/i, '').trim() : '';
  return fallback;
}

/** The caller, or the error to answer with and the challenge header it needs. */
export type Authorization = { readonly ok: true; readonly principal: Principal | undefined } | { readonly ok: false; readonly error: BulwarkError; readonly challenge: string };

/**
 * Decides who may call a route of `access`: public routes need nothing; others need a known
 * token (401) whose role is high enough (403).
 *
 * @example
 * authorize(index, 'operator', presentedToken(req.headers.authorization, undefined));
 */
export function authorize(index: TokenIndex, access: RouteAccess, token: string | undefined): Authorization {
  if (access === 'public') return { ok: true, principal: undefined };
  if (token === undefined) {
    return { ok: false, error: controlErrors.error('API_ERR_UNAUTHORIZED', 'a bearer token is required (Authorization: Bearer <token>)'), challenge: REALM };
  }
  const principal = token === '' ? undefined : index.find(token);
  if (principal === undefined) {
    return { ok: false, error: controlErrors.error('API_ERR_UNAUTHORIZED', 'the bearer token is not valid'), challenge: `${REALM}, error="invalid_token"` };
  }
  if (!roleAllows(principal.role, access)) {
    const error = controlErrors.error('API_ERR_FORBIDDEN', `this route needs the ${access} role; token "${principal.tokenId}" is ${principal.role}`, { required: access, role: principal.role });
    return { ok: false, error, challenge: `${REALM}, error="insufficient_scope"` };
  }
  return { ok: true, principal };
}
