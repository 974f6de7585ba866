// zod schemas of the event log: the stored slice part and the GET /v1/logs query (reference-more §12).
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'

// Its zod schemas are built on first use (lazy), not at import: start-up time (issue #20).

export const eventLogSchema = lazy(() => z.strictObject({
  events: z.array(z.looseObject({ time: z.string(), type: z.string().min(1), severity: z.string() })),
}))

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/

/** An ISO-8601 time in ms, or a message saying what is wrong with it. */
function isoTime(name: string) {
  return z.string().refine((v) => ISO_TIME.test(v) && !Number.isNaN(Date.parse(v)), `${name} must be an ISO-8601 time (e.g. 2024-01-31T12:00:00Z)`)
}

const count = (name: string) => z.string().regex(/^\d{1,9}$/, `${name} must be a non-negative integer`).transform(Number)

// reference-more §12: stime, etime (ISO-8601), order asc (default) | desc, limit int, offset int
export const logsQuerySchema = lazy(() => z.object({
  stime: isoTime('stime').optional(),
  etime: isoTime('etime').optional(),
  order: z.enum(['asc', 'desc'], { message: 'order must be asc or desc' }).optional(),
  limit: count('limit').optional(),
  offset: count('offset').optional(),
}))
export type LogsQuery = z.output<ReturnType<typeof logsQuerySchema>>
