// An analysis task's machine (reference more §9 CacheAnalysis.status running -> success): registered in ../lifecycle.ts.
import type { TransitionHandler } from '../../../core/lifecycle.js'
import { wireTime, type JdcloudSlice } from '../model.js'

export const analysisFinished: TransitionHandler<JdcloudSlice> = (slice, t, { at }) => {
  const task = slice.analysis?.[String(t.target.id)]?.tasks.find((x) => x.taskId === t.target.taskId)
  if (!task || task.status !== 'running') return
  task.status = 'success'
  task.finishTime = wireTime(at)
}
