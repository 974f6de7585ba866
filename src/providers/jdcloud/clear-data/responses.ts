// describeClearData's result as service.ts builds it (reference-more §10: ClearDataTaskInfo flattened into result),
// for the OpenAPI document; built on first use.
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'
import { CLEAR_TYPES } from './model.js'

export const clearDataResult = lazy(() =>
  z.strictObject({
    // inferred: empty strings and zeros while no task was ever started
    clearType: z.union([z.literal(''), z.enum(CLEAR_TYPES)]),
    keyPattern: z.string(),
    keyFilter: z.array(z.strictObject({ filterType: z.enum(['ttl', 'idle']), operator: z.enum(['eq', 'gt', 'lt']), value: z.number().int().min(0) })),
    qpsLimit: z.number().int().min(0),
    progress: z.number().int().min(0).max(100),
    effectKeys: z.number().int().min(0),
    status: z.enum(['', 'running', 'success', 'failed']),
    message: z.string(),
    lastTransitionTime: z.union([z.literal(''), z.iso.datetime()]),
  }),
)
