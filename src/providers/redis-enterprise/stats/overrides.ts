// Metric values a test pinned through the control plane (PUT /_emulator/metrics), kept in the slice so they survive a
// restart and vanish with a reset; both the REST statistics and the exporter read them.
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'
import type { Draft } from '../../../core/store.js'
import type { RedisEnterpriseSlice } from '../model.js'

// Its zod schemas are built on first use (lazy), not at import: start-up time (issue #20).

export type OverrideScope = 'bdb' | 'node'

/** scope -> object uid -> exporter metric name -> value */
export type MetricOverrides = Record<OverrideScope, Record<string, Record<string, number>>>

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/

const valuesSchema = lazy(() => z.record(z.string(), z.record(z.string().regex(METRIC_NAME), z.number())))
export const metricOverridesSchema = lazy(() => z.strictObject({ bdb: valuesSchema(), node: valuesSchema() }))

export const setMetricSchema = lazy(() => z.strictObject({
  object: z.enum(['bdb', 'node']),
  uid: z.number().int().min(1),
  metric: z.string().regex(METRIC_NAME, 'a Prometheus metric name'),
  /** null clears the pinned value */
  value: z.number().nullable(),
}))
export type SetMetricRequest = z.infer<ReturnType<typeof setMetricSchema>>

type WithOverrides = RedisEnterpriseSlice & { metric_overrides?: MetricOverrides }

export function overridesOf(slice: RedisEnterpriseSlice): MetricOverrides | undefined {
  return (slice as WithOverrides).metric_overrides
}

/** The pinned value of `metric` for the object, if a test set one. */
export function pinned(slice: RedisEnterpriseSlice, scope: OverrideScope, uid: number, metric: string): number | undefined {
  const values = overridesOf(slice)?.[scope][String(uid)]
  return values && Object.hasOwn(values, metric) ? values[metric] : undefined
}

/** Every pinned metric of one object (name -> value). */
export function pinnedOf(slice: RedisEnterpriseSlice, scope: OverrideScope, uid: number): Record<string, number> {
  return overridesOf(slice)?.[scope][String(uid)] ?? {}
}

export function applySetMetric(draft: Draft<RedisEnterpriseSlice>, request: SetMetricRequest): void {
  const slice = draft as WithOverrides
  slice.metric_overrides ??= { bdb: {}, node: {} }
  const byUid = slice.metric_overrides[request.object]
  const key = String(request.uid)
  if (request.value === null) {
    if (byUid[key]) {
      delete byUid[key][request.metric]
      if (Object.keys(byUid[key]).length === 0) delete byUid[key]
    }
    return
  }
  byUid[key] ??= {}
  byUid[key][request.metric] = request.value
}
