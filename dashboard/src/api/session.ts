/**
 * @module dashboard/api/session
 * Signing in: the token a person pastes is kept in sessionStorage (this tab only, gone when
 * it closes), checked against the API, and its role and permissions read from
 * `GET /api/v1/whoami` (401 when the token is not accepted). The buttons follow what the
 * API says the role may do; the API checks again on every call.
 */
import { ApiClient } from './client';
import type { Whoami } from './openapi-types';

const STORAGE_KEY = 'bulwark.dashboard.token';

/** The token's role. */
export type SessionRole = Whoami['role'];

export interface Session {
  readonly api: ApiClient;
  /** The token's id under control.tokens (the actor in the audit log). */
  readonly tokenId: string;
  readonly role: SessionRole;
  /** What the role may do (approve, unfreeze, …), as the API answered. */
  readonly can: Whoami['can'];
}

/** The token of this tab, if one was saved. */
export function savedToken(): string | undefined {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveToken(token: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // storage disabled: the session lasts until a reload
  }
}

export function forgetToken(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing saved
  }
}

/**
 * Checks `token` and finds who it is.
 *
 * @throws ApiError when the token is refused (401) or the control plane is unreachable.
 * @example
 * const session = await signIn(token); // { api, tokenId: 'alice', role: 'operator', can: { approve: true, … } }
 */
export async function signIn(token: string): Promise<Session> {
  const api = new ApiClient(token.trim());
  const me = await api.call('whoami');
  return { api, tokenId: me.tokenId, role: me.role, can: me.can };
}
