// Requests of the key-analysis group (reference more §9, Appendix A) and the stored state's shape for validateSlice.
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'
import { invalidArgument } from '../errors.js'
import { single } from '../query.js'
import { pageQueryShape, timeQuery } from '../openapi-kit.js'
import { KEY_TYPES } from './model.js'

// Schemas are built on first use (lazy()), not at import: start-up time (issue #20).

// reference more §1.6: "-" = off, otherwise "HH:mm-HH:mm <zone>", e.g. "01:00-02:00 +0800"
const WINDOW = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d [+-](0\d|1[0-4])[0-5]\d$/
export const analysisTimeBody = lazy(() => z.object({
  analysisTime: z.string().refine((v) => v === '-' || WINDOW.test(v), 'analysisTime must be "-" or "HH:mm-HH:mm <zone>", e.g. "01:00-02:00 +0800"'),
}))

const positive = lazy(() => z.number().int().min(1))
// reference more §9.2: top 10-1000
const top = lazy(() => z.number().int().min(10).max(1000))

/** v1 modifyAnalysisThreshold and createBigKeyAnalysis: every field optional. */
export const thresholdsV1Body = lazy(() => z.object({
  stringSize: positive().optional(),
  listSize: positive().optional(),
  hashSize: positive().optional(),
  setSize: positive().optional(),
  zsetSize: positive().optional(),
  top: top().optional(),
}))

/** Appendix A (…2): stringSize at least 10240, the others at least 1000, no top. */
export const thresholdsV2Body = lazy(() => z.object({
  stringSize: z.number().int().min(10240).optional(),
  listSize: z.number().int().min(1000).optional(),
  hashSize: z.number().int().min(1000).optional(),
  setSize: z.number().int().min(1000).optional(),
  zsetSize: z.number().int().min(1000).optional(),
}))

/** Operations without parameters (createCacheAnalysis in 2.6.24, stopCacheAnalysis, stopClearData): any JSON object. */
export const noParams = lazy(() => z.object({}))

export type ThresholdsBody = z.infer<ReturnType<typeof thresholdsV1Body>>

/** reference more §9.1: `date` required, yyyy-MM-dd (a UTC day, inferred). */
export function dateParam(items: Map<string, string[]>): string {
  const date = single(items, 'date')
  if (!date) throw invalidArgument('date is required')
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
    throw invalidArgument(`date must be yyyy-MM-dd, got "${date}"`)
  }
  return date
}

export function requiredParam(items: Map<string, string[]>, key: string): string {
  const value = single(items, key)
  if (!value) throw invalidArgument(`${key} is required`)
  return value
}

const thresholds = lazy(() => z.object({
  stringSize: z.number().int().min(1),
  listSize: z.number().int().min(1),
  hashSize: z.number().int().min(1),
  setSize: z.number().int().min(1),
  zsetSize: z.number().int().min(1),
  topSize: z.number().int().min(1).max(1000),
}))
const analysedKey = lazy(() => z.object({
  name: z.string(),
  db: z.number().int().min(0),
  keyType: z.enum(KEY_TYPES as [string, ...string[]]),
  size: z.number().min(0),
  bytes: z.number().min(0),
  frequency: z.number().optional(),
}))
const redisCmd = lazy(() => z.object({ name: z.string(), data: z.number() }))

export const storedAnalysis = lazy(() => z.record(
  z.string(),
  z.object({
    cacheAnalysisTime: z.string(),
    bigKeyAnalysisTime: z.string(),
    thresholds: thresholds(),
    tasks: z.array(
      z.object({
        kind: z.enum(['cache', 'bigKey']),
        taskId: z.string().min(1),
        status: z.enum(['running', 'success', 'error']),
        stopped: z.boolean(),
        startTime: z.iso.datetime(),
        finishTime: z.string(),
        finishAt: z.number(),
        thresholds: thresholds(),
        snapshot: z.object({
          bigKeys: z.array(analysedKey()),
          hotKeys: z.array(analysedKey()),
          cmdCallTimesTop: z.array(redisCmd()),
          cmdUseCpuTop: z.array(redisCmd()),
          keyTypeDistribution: z.record(z.string(), z.number()),
          keySizeDistribution: z.record(z.string(), z.number()),
        }),
      }),
    ),
  }),
))

// ---- the query parameters the routes read by hand (dateParam, requiredParam, integerParam, timeParam), for the
// OpenAPI document ----

export const dateQuerySchema = lazy(() => z.object({ date: z.iso.date().meta({ description: 'the UTC day, yyyy-MM-dd (required)' }) }))

export const taskIdQuerySchema = lazy(() => z.object({ taskId: z.string().min(1).meta({ description: 'the task id (the create call’s requestId)' }) }))

export const pageQuerySchema = lazy(() => z.object(pageQueryShape()))

const range = () => ({
  startTime: timeQuery('from (RFC 3339); default endTime minus 7 days; at most 30 days back'),
  endTime: timeQuery('to (RFC 3339); default now; a range of at most 7 days'),
})

export const hotKeySummaryQuerySchema = lazy(() => z.object(range()))

const nodeId = () => z.string().min(1).meta({ description: 'a node id (describeHotKeySummary’s nodeId, required)' })

export const hotKeyDetailQuerySchema = lazy(() => z.object({ nodeId: nodeId(), ...pageQueryShape(), ...range() }))

export const hotKeyDetail2QuerySchema = lazy(() => z.object({ nodeId: nodeId(), ...pageQueryShape() }))
