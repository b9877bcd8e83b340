/**
 * @module dashboard/api/session
 * Signing in: the token a person pastes is kept in sessionStorage (this tab only, gone when
 * it closes), checked against the API, and its role found out. The API has no "who am I"
 * route, so the role is probed with a request that changes nothing: `POST /api/v1/incidents`
 * with an empty body is refused 403 for a viewer and 400 (the body is invalid) for an
 * operator or admin, because the control plane checks the role before the body.
 */
import { ApiClient, ApiError } from './client';

const STORAGE_KEY = 'bulwark.dashboard.token';

/** What the token may do, as far as the dashboard needs to know. */
export type SessionRole = 'viewer' | 'operator';

export interface Session {
  readonly api: ApiClient;
  readonly role: SessionRole;
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
 * Checks `token` (401: not accepted) and finds its role.
 *
 * @throws ApiError when the token is refused or the control plane is unreachable.
 * @example
 * const session = await signIn(token); // { api, role: 'operator' }
 */
export async function signIn(token: string): Promise<Session> {
  const api = new ApiClient(token.trim());
  await api.call('listModels', { params: {} });
  return { api, role: await probeRole(api) };
}

async function probeRole(api: ApiClient): Promise<SessionRole> {
  try {
    await api.request('POST', '/api/v1/incidents', {});
  } catch (err) {
    if (err instanceof ApiError && err.status === 403) return 'viewer';
    if (err instanceof ApiError && err.status === 400) return 'operator';
    throw err;
  }
  // An empty body is never accepted; treat a surprise as the lesser role.
  return 'viewer';
}
