/**
 * @module control/sse/resume
 * `Last-Event-ID` resumption as a pure decision. Event ids are `<boot>-<seq>`: `boot`
 * names the process lifetime (ids restart with it), `seq` counts events from 1. Given the
 * id a client last saw and what the replay buffer still holds, it says from which seq to
 * replay and whether the client missed events that are gone (a `replay_gap` event).
 */

/** Why a client missed events. */
export type GapReason = 'expired' | 'restarted' | 'unknown_id';

/** What to send a (re)connecting client. */
export interface ResumePlan {
  /** Replay buffered events with seq > afterSeq (Infinity: none, a fresh client). */
  readonly afterSeq: number;
  readonly gap: GapReason | undefined;
}

/**
 * Formats an event id.
 *
 * @example
 * eventId('lq2w3e', 42); // 'lq2w3e-42'
 */
export function eventId(boot: string, seq: number): string {
  return `${boot}-${seq}`;
}

/**
 * Decides the replay of a client that last saw `lastEventId` (undefined: a new client, who
 * gets only new events). `oldestSeq` and `newestSeq` bound the buffer (oldestSeq > newestSeq
 * when it is empty).
 *
 * @example
 * planResume('b-7', 'b', 5, 9);  // { afterSeq: 7, gap: undefined }
 * planResume('b-2', 'b', 5, 9);  // { afterSeq: 0, gap: 'expired' }
 * planResume('a-7', 'b', 1, 9);  // { afterSeq: 0, gap: 'restarted' }
 */
export function planResume(lastEventId: string | undefined, boot: string, oldestSeq: number, newestSeq: number): ResumePlan {
  if (lastEventId === undefined || lastEventId === '') return { afterSeq: Infinity, gap: undefined };
  const match = /^([0-9a-z]+)-(\d{1,15})$/.exec(lastEventId);
  if (match === null) return { afterSeq: 0, gap: 'unknown_id' };
  const seq = Number(match[2]);
  // Another boot: every buffered event is new to the client, and what happened in between is lost.
  if (match[1] !== boot) return { afterSeq: 0, gap: 'restarted' };
  if (seq > newestSeq) return { afterSeq: 0, gap: 'unknown_id' };
  // The client saw up to seq; events seq+1 … oldestSeq-1 were overwritten.
  if (seq + 1 < oldestSeq) return { afterSeq: 0, gap: 'expired' };
  return { afterSeq: seq, gap: undefined };
}
