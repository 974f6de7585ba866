// The clear-data task's machine (reference more §10 status running -> success): registered in ../lifecycle.ts.
import type { TransitionHandler } from '../../../core/lifecycle.js'
import { wireTime, type JdcloudSlice } from '../model.js'

export const clearDataFinished: TransitionHandler<JdcloudSlice> = (slice, t, { at }) => {
  const task = slice.clearData?.[String(t.target.id)]
  if (!task || task.taskId !== t.target.taskId || task.status !== 'running') return
  task.status = 'success'
  task.lastTransitionTime = wireTime(at)
}
