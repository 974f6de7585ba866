// describeTaskProgressList's TaskProgress (reference more §11) and the resize task record it shows.

export interface TaskProgress {
  taskType: string
  taskId: string
  /** reference more §11: init, running, success, fail */
  taskStatus: 'init' | 'running' | 'success' | 'fail'
  progressPercent: number
  elapsedTimeSecond: number
  /** ISO 8601 UTC */
  startTime: string
}

/** A class change (modifyCacheInstanceClass), the `resize` task; only one exists per instance at a time. */
export interface ResizeTask {
  taskId: string
  status: 'running' | 'success'
  /** ISO 8601 UTC */
  startTime: string
  finishAt: number
}

/** Percent done of a task that runs from `start` to `finishAt`, at `now` (capped below 100 until it is done). */
export function percentDone(start: number, finishAt: number, now: number): number {
  if (finishAt <= start) return 0
  return Math.max(0, Math.min(99, Math.floor(((now - start) / (finishAt - start)) * 100)))
}

/** The task types describeTaskProgressList accepts as a filter: the documented two and the sources' own. */
export const TASK_TYPES = ['resize', 'upgrade', 'clearData', 'cacheAnalysis', 'bigKeyAnalysis']
