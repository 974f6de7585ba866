// Requests of the diagnostics group (reference more §8).
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'
import { invalidArgument } from '../errors.js'
import { integerParam, single } from '../query.js'
import type { SlowLogQuery } from './service.js'
import { pageQueryShape, timeQuery } from '../openapi-kit.js'

// built on first use, not at import: start-up time (issue #20)
export const clientIpDetailBody = lazy(() => z.object({ ip: z.string().min(1) }))

/** reference more §1.6: startTime/endTime have no documented format; ISO 8601 / RFC 3339 are accepted (inferred). */
export function timeParam(items: Map<string, string[]>, key: string): number | undefined {
  const raw = single(items, key)
  if (raw === undefined || raw === '') return undefined
  const parsed = z.iso.datetime({ offset: true }).safeParse(raw)
  if (!parsed.success) throw invalidArgument(`${key} must be an ISO 8601 / RFC 3339 time, got "${raw}"`)
  return Date.parse(raw)
}

export function slowLogQuery(items: Map<string, string[]>): SlowLogQuery {
  return {
    pageNumber: integerParam(items, 'pageNumber', 1, 1, Number.MAX_SAFE_INTEGER),
    // reference more §8: pageSize default 10, range [10, 100]
    pageSize: integerParam(items, 'pageSize', 10, 10, 100),
    startTime: timeParam(items, 'startTime'),
    endTime: timeParam(items, 'endTime'),
    shardId: single(items, 'shardId') || undefined,
  }
}

/** What slowLogQuery reads, for the OpenAPI document (reference-more §8). */
export const slowLogQuerySchema = lazy(() =>
  z.object({
    ...pageQueryShape(),
    startTime: timeQuery('entries from this time (ISO 8601 / RFC 3339, inferred)'),
    endTime: timeQuery('entries up to this time'),
    shardId: z.string().optional().meta({ description: 'one shard’s entries (describeClusterInfo shard ids)' }),
  }),
)
