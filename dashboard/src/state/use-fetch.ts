/**
 * @module dashboard/state/use-fetch
 * One API read held in component state: loading, the answer or the error message, and a
 * reload. A newer load (or unmounting) aborts the older one.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Fetched<T> {
  readonly data: T | undefined;
  readonly error: string | undefined;
  readonly loading: boolean;
  reload(): void;
}

/**
 * @example
 * const versions = useFetch((signal) => api.call('listModelVersions', { params: { model }, signal }), [api, model]);
 */
export function useFetch<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Fetched<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    loadRef
      .current(controller.signal)
      .then((value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setError(undefined);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setError((err as Error).message);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
    // The caller names the inputs in `deps`.
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}
