// The cluster event log: what the emulator records (logEvent, called inside a store transaction) and GET /v1/logs.
import type { Draft } from '../../../core/store.js'
import { reError } from '../errors.js'
import { wireTime, type Json, type RedisEnterpriseSlice } from '../model.js'
import { MAX_LOGGED_EVENTS, emptyEventLog, type LoggedEvent } from './model.js'
import { logsQuerySchema } from './schemas.js'
import { PROVIDER_ID, type Services } from '../service.js'

/**
 * Appends one event at `now` (emulator clock) to the log of the slice being changed. Call it inside the same
 * store.mutate that makes the change, so the event exists exactly when the change does.
 */
export function logEvent(draft: Draft<RedisEnterpriseSlice> | RedisEnterpriseSlice, now: number, type: string, fields: Record<string, Json> = {}, severity = 'INFO'): void {
  const log = (draft.event_log ??= emptyEventLog())
  log.events.push({ ...fields, time: wireTime(now), type, severity } as LoggedEvent)
  if (log.events.length > MAX_LOGGED_EVENTS) log.events.splice(0, log.events.length - MAX_LOGGED_EVENTS)
}

/** GET /v1/logs: filtered by stime/etime (inclusive), ordered, then offset and limit. */
export function listEvents(slice: RedisEnterpriseSlice, rawQuery: unknown): LoggedEvent[] {
  const parsed = logsQuerySchema.safeParse(rawQuery)
  // INF: the docs give no error code for a bad query parameter; 400 invalid_param like the other query checks
  if (!parsed.success) throw reError('invalid_param', parsed.error.issues.map((i) => i.message).join('; '))
  const { stime, etime, order = 'asc', limit, offset = 0 } = parsed.data
  const from = stime === undefined ? -Infinity : Date.parse(stime)
  const to = etime === undefined ? Infinity : Date.parse(etime)
  if (from > to) throw reError('invalid_param', 'stime must not be after etime')
  // events are appended on the clock, which tests may set back: order by time, ties in recording order
  const events = slice.event_log.events
    .map((event, seq) => ({ event, seq, at: Date.parse(event.time) }))
    .filter((e) => e.at >= from && e.at <= to)
    .sort((a, b) => a.at - b.at || a.seq - b.seq)
    .map((e) => e.event)
  if (order === 'desc') events.reverse()
  return events.slice(offset, limit === undefined ? undefined : offset + limit)
}

/** A REST login that failed (wrong password, unknown or locked user). INF: the event name is not documented. */
export async function logLoginFailed(services: Services, email: string, now: number): Promise<void> {
  await services.store.mutate<RedisEnterpriseSlice>(PROVIDER_ID, (draft) => logEvent(draft, now, 'login_failed', { user_email: email }, 'WARNING'))
}
