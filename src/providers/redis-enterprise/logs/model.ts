// The cluster event log's stored part: events in wire shape, newest last, at most MAX_LOGGED_EVENTS of them.
import type { Json } from '../model.js'

/** reference-more §12: `{"time","type","severity", …type-specific keys}`. */
export type LoggedEvent = { time: string; type: string; severity: string } & { [key: string]: Json }

export interface EventLog {
  events: LoggedEvent[]
}

export interface EventLogSlice {
  event_log: EventLog
}

/** Bounded: the newest 1000 events are kept, older ones fall off (the real log rotates too; its size is not documented). */
export const MAX_LOGGED_EVENTS = 1000

export function emptyEventLog(): EventLog {
  return { events: [] }
}
