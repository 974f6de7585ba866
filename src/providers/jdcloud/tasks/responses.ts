// describeTaskProgressList's result as service.ts builds it (reference-more §11 TaskProgress), for the OpenAPI
// document; built on first use.
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'

export const taskProgressResult = lazy(() =>
  z.strictObject({
    taskProgresses: z.array(
      z.strictObject({
        taskType: z.string(),
        taskId: z.string(),
        taskStatus: z.enum(['init', 'running', 'success', 'fail']),
        progressPercent: z.number().int().min(0).max(100),
        elapsedTimeSecond: z.number().int().min(0),
        startTime: z.iso.datetime(),
      }),
    ),
  }),
)
