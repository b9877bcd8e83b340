/**
 * @module dashboard/state/use-reports
 * Red-team reports: the list (GET /api/v1/redteam/reports, newest first), then each of the
 * newest 50 read and parsed (lib/redteam.ts).
 */
import type { ApiClient } from '../api/client';
import { parseReport } from '../lib/redteam';
import type { ParsedReport } from '../lib/redteam';
import { useFetch } from './use-fetch';
import type { Fetched } from './use-fetch';

const MAX_REPORTS = 50;

export function useReports(api: ApiClient): Fetched<readonly ParsedReport[]> {
  return useFetch(async (signal) => {
    const { reports } = await api.call('listRedteamReports', { params: {}, signal });
    return Promise.all(
      reports.slice(0, MAX_REPORTS).map(async (ref) => {
        const { report } = await api.call('getRedteamReport', { params: { digest: ref.digest }, signal });
        return parseReport(ref, report);
      }),
    );
  }, [api]);
}
