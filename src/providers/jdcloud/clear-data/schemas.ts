// startClearData's body (reference more §10) and the stored task's shape for validateSlice.
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'
import { CLEAR_TYPES } from './model.js'

// Schemas are built on first use (lazy()), not at import: start-up time (issue #20).

const keyFilter = lazy(() => z.object({
  filterType: z.enum(['ttl', 'idle']),
  operator: z.enum(['eq', 'gt', 'lt']),
  value: z.number().int().min(0),
}))

export const startClearDataBody = lazy(() => z
  .object({
    clearType: z.enum(CLEAR_TYPES),
    keyPattern: z.string().max(1024).optional(),
    keyFilter: z.array(keyFilter()).max(16).optional(),
    qpsLimit: z.number().int().min(1).optional(),
  })
  // reference more §10 (inferred): SpecifiedData needs a pattern or a filter to say which keys
  .refine((b) => b.clearType !== 'SpecifiedData' || Boolean(b.keyPattern) || (b.keyFilter?.length ?? 0) > 0, {
    message: 'SpecifiedData needs keyPattern or keyFilter',
  }))

export type StartClearDataBody = z.infer<ReturnType<typeof startClearDataBody>>

export const storedClearData = lazy(() => z.record(
  z.string(),
  z.object({
    taskId: z.string().min(1),
    clearType: z.enum(CLEAR_TYPES),
    keyPattern: z.string(),
    keyFilter: z.array(keyFilter()),
    qpsLimit: z.number().int().min(0),
    effectKeys: z.number().int().min(0),
    status: z.enum(['running', 'success', 'failed']),
    message: z.string(),
    startTime: z.iso.datetime(),
    lastTransitionTime: z.iso.datetime(),
    finishAt: z.number(),
  }),
))
