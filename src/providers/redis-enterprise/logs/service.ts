// The cluster event log: what the emulator records (logEvent, called inside a store transaction) and GET /v1/logs.
import { dropFront, type Draft } from '../../../core/store.js'
import { reError } from '../errors.js'
import { wireTime, type Json, type RedisEnterpriseSlice } from '../model.js'
import { MAX_LOGGED_EVENTS, emptyEventLog, type LoggedEvent } from './model.js'
import { logsQuerySchema } from './schemas.js'
import { readSlice, type Services } from '../service.js'

/**
 * Appends one event at `now` (emulator clock) to the log of the slice being changed. Call it inside the same
 * store.mutate that makes the change, so the event exists exactly when the change does.
 */
export function logEvent(draft: Draft<RedisEnterpriseSlice> | RedisEnterpriseSlice, now: number, type: string, fields: Record<string, Json> = {}, severity = 'INFO'): void {
  const log = (draft.event_log ??= emptyEventLog())
  // The oldest events make room first, as one change: dropped after the push, a full log's every event moved one
  // place through the draft and the write-ahead log took all 1000 of them on each create (issue #20).
  const excess = log.events.length + 1 - MAX_LOGGED_EVENTS
  if (excess > 0) dropFront(log.events, excess)
  log.events.push({ ...fields, time: wireTime(now), type, severity } as LoggedEvent)
}

/** GET /v1/logs: filtered by stime/etime (inclusive), ordered, then offset and limit. */
export function listEvents(slice: RedisEnterpriseSlice, rawQuery: unknown): LoggedEvent[] {
  const parsed = logsQuerySchema().safeParse(rawQuery)
  // INF: the docs give no error code for a bad query parameter; 400 invalid_param like the other query checks
  if (!parsed.success) throw reError('invalid_param', parsed.error.issues.map((i) => i.message).join('; '))
  const { stime, etime, order = 'asc', limit, offset = 0 } = parsed.data
  const from = stime === undefined ? -Infinity : Date.parse(stime)
  const to = etime === undefined ? Infinity : Date.parse(etime)
  if (from > to) throw reError('invalid_param', 'stime must not be after etime')
  // events are appended on the clock, which tests may set back: order by time, ties in recording order
  const stored = slice.event_log.events
  const failed = failedLogins.get(slice.event_log) ?? []
  const events = (failed.length ? [...stored, ...failed] : stored)
    .map((event, seq) => ({ event, seq, at: Date.parse(event.time) }))
    .filter((e) => e.at >= from && e.at <= to)
    .sort((a, b) => a.at - b.at || a.seq - b.seq)
    .map((e) => e.event)
  // the stored log and the failed logins are each bounded; together too
  if (events.length > MAX_LOGGED_EVENTS) events.splice(0, events.length - MAX_LOGGED_EVENTS)
  if (order === 'desc') events.reverse()
  return events.slice(offset, limit === undefined ? undefined : offset + limit)
}

/**
 * Failed REST logins, per event log (a reset, seed or state import brings a new log object, and so an empty list).
 * Kept in memory, not in the store: a refused request must leave the stored state as it was (the hardening suites
 * check that), so these events do not survive a restart. Bounded like the log.
 */
const failedLogins = new WeakMap<object, LoggedEvent[]>()

/** A REST login that failed (wrong password, unknown or locked user). INF: the event name is not documented. */
export async function logLoginFailed(services: Services, email: string, now: number): Promise<void> {
  const log = readSlice(services).event_log
  const list = failedLogins.get(log) ?? []
  failedLogins.set(log, list)
  list.push({ time: wireTime(now), type: 'login_failed', severity: 'WARNING', user_email: email } as LoggedEvent)
  if (list.length > MAX_LOGGED_EVENTS) list.splice(0, list.length - MAX_LOGGED_EVENTS)
}
