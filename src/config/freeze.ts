/**
 * @module config/freeze
 * Deep freezing, at run time (`deepFreeze`) and in types (`DeepReadonly`): a loaded
 * config is immutable, so a reload is an atomic swap of one reference.
 */

/** A deeply readonly view of `T`. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * Freezes `value` and everything reachable from it; returns it.
 *
 * @example
 * const v = deepFreeze({ a: [1] }); Object.isFrozen(v.a); // true
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  return value;
}
