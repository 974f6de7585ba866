// Which intervals a stats request covers: `interval`, `stime`, `etime` (reference §11.1) and the default mix of a
// request without them (reference §11.2: recent 1sec intervals, 30 10sec ones, one 5min one).
import { z } from 'zod'
import { reError } from '../errors.js'
import { INTERVALS, type IntervalName, type Span } from './figures.js'

export interface StatsQuery {
  interval?: IntervalName
  stime?: number
  etime?: number
  /** `metrics=a,b`: only these keys (besides interval, stime, etime) */
  metrics?: string[]
}

// ISO 8601 date-times as the docs write them (2014-08-28T10:00:00Z), with optional seconds fraction and offset
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/

/** Longest answer: a span with more intervals than this keeps the latest ones (inferred: the stats store is bounded). */
export const MAX_INTERVALS = 1000

function single(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw reError('bad_request', `Query parameter ${name} is given more than once`)
  return value
}

function time(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const ms = ISO_8601.test(value) ? Date.parse(value) : Number.NaN
  if (!Number.isFinite(ms)) throw reError('bad_request', `Invalid ${name} "${value}": expected an ISO 8601 time such as 2014-08-28T10:00:00Z`)
  return ms
}

/**
 * What parseStatsQuery accepts, for the OpenAPI document (built on call, never at import): each parameter once, times
 * in ISO 8601, stime not after etime. The parsing below is by hand so that each problem keeps its own message.
 */
export function statsQuerySchema() {
  const time = (name: string) => z.string().regex(ISO_8601).optional().meta({ description: `${name}: an ISO 8601 time (2014-08-28T10:00:00Z)` })
  return z.object({
    interval: z.enum(Object.keys(INTERVALS) as [IntervalName, ...IntervalName[]]).optional().meta({ description: 'the interval length; absent: the default mix' }),
    stime: time('start'),
    etime: time('end'),
    metrics: z.string().optional().meta({ description: 'comma-separated keys: the intervals carry only these (besides interval, stime, etime)' }),
  })
}

/** reference §11.1 query parameters; a value outside them is a 400 (inferred: the docs name no error code). */
export function parseStatsQuery(query: Record<string, unknown>): StatsQuery {
  const interval = single(query.interval, 'interval')
  if (interval !== undefined && !Object.hasOwn(INTERVALS, interval)) {
    throw reError('bad_request', `Invalid interval "${interval}": expected one of ${Object.keys(INTERVALS).join(', ')}`)
  }
  const stime = time(single(query.stime, 'stime'), 'stime')
  const etime = time(single(query.etime, 'etime'), 'etime')
  if (stime !== undefined && etime !== undefined && stime > etime) throw reError('bad_request', 'stime is after etime')
  const metricsText = single(query.metrics, 'metrics')
  const metrics = metricsText?.split(',').map((m) => m.trim()).filter(Boolean)
  return { interval: interval as IntervalName | undefined, stime, etime, metrics: metrics?.length ? metrics : undefined }
}

/** Intervals of one length ending at the last boundary at or before `now`, oldest first. */
function latest(name: IntervalName, now: number, count: number): Span[] {
  const length = INTERVALS[name]
  const end = Math.floor(now / length) * length
  return Array.from({ length: count }, (_, i) => {
    const t1 = end - (count - 1 - i) * length
    return { interval: name, t0: t1 - length, t1 }
  })
}

// How many intervals of each length an `interval=` request without stime returns (inferred: the default mix's counts
// for 1sec and 10sec, then an hour of 5min, a day of 15min and of 1hour, a week of 12hour, a month of 1week).
const DEFAULT_COUNT: Record<IntervalName, number> = { '1sec': 10, '10sec': 30, '5min': 12, '15min': 96, '1hour': 24, '12hour': 14, '1week': 4 }

export interface SpanOptions {
  /** 1sec intervals in the default mix: 10 for cluster and nodes, 2 for databases (reference §11.2) */
  recentSeconds: number
  /** intervals ending at or before this time do not exist (the object did not) */
  since?: number
}

/** The spans a request covers at `now`, in the order the real server lists them. */
export function spansFor(query: StatsQuery, now: number, options: SpanOptions): Span[] {
  let spans: Span[]
  if (query.interval === undefined && query.stime === undefined && query.etime === undefined) {
    spans = [...latest('1sec', now, options.recentSeconds), ...latest('10sec', now, 30), ...latest('5min', now, 1)]
  } else {
    const name = query.interval ?? (query.stime === undefined ? '1sec' : '5min')
    const length = INTERVALS[name]
    const end = Math.min(query.etime ?? now, now)
    if (query.stime === undefined) {
      spans = latest(name, end, DEFAULT_COUNT[name])
    } else {
      const first = Math.ceil(query.stime / length)
      const last = Math.floor(end / length) - 1
      const count = Math.max(0, Math.min(MAX_INTERVALS, last - first + 1))
      spans = latest(name, end, count)
    }
  }
  const since = options.since
  return since === undefined ? spans : spans.filter((s) => s.t1 > since)
}

/** The most recent interval of the given length (the /last routes; 1sec by default, reference §11.1). */
export function lastSpan(query: StatsQuery, now: number): Span {
  return latest(query.interval ?? '1sec', now, 1)[0]
}
