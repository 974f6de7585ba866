// The `resize` task of modifyCacheInstanceClass (reference more §11, inferred: created with the class change, success
// when the instance is running again); the core service and lifecycle call these two.
import { randomString, alphabets } from '../../../core/ids.js'
import { wireTime, type JdcloudSlice } from '../model.js'

export function noteResizeStarted(draft: JdcloudSlice, id: string, now: number, finishAt: number): void {
  // reference more §11 example: a 32-character lowercase id
  ;(draft.resizeTasks ??= {})[id] = { taskId: randomString(32, alphabets.LOWER_ALNUM), status: 'running', startTime: wireTime(now), finishAt }
}

export function noteResizeFinished(slice: JdcloudSlice, id: string, at: number): void {
  const task = slice.resizeTasks?.[id]
  if (task?.status !== 'running') return
  task.status = 'success'
  task.finishAt = at
}
