// The stored resize tasks' shape, for validateSlice.
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'

export const storedResizeTasks = lazy(() => z.record(
  z.string(),
  z.object({ taskId: z.string().min(1), status: z.enum(['running', 'success']), startTime: z.iso.datetime(), finishAt: z.number() }),
))
