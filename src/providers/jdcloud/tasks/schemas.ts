// The stored resize tasks' shape, for validateSlice.
import { z } from 'zod'
import { TASK_TYPES } from './model.js'
import { lazy } from '../../../core/lazy.js'

export const storedResizeTasks = lazy(() => z.record(
  z.string(),
  z.object({ taskId: z.string().min(1), status: z.enum(['running', 'success']), startTime: z.iso.datetime(), finishAt: z.number() }),
))

/** What describeTaskProgressList's route reads (reference-more §11), for the OpenAPI document. */
export const taskProgressQuerySchema = lazy(() =>
  z.object({ taskType: z.enum(TASK_TYPES as [string, ...string[]]).optional().meta({ description: 'one task type; absent: every type' }) }),
)
