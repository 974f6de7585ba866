// The stored resize tasks' shape, for validateSlice.
import { z } from 'zod'

export const storedResizeTasks = z.record(
  z.string(),
  z.object({ taskId: z.string().min(1), status: z.enum(['running', 'success']), startTime: z.iso.datetime(), finishAt: z.number() }),
)
