// Where describeTaskProgressList's tasks come from: one source per kind of task. TASK_SOURCES is the hook other task
// kinds plug into (e.g. backups and restores: add a source that maps their records to TaskProgress).
import { clearDataProgress } from '../clear-data/service.js'
import type { JdcloudSlice } from '../model.js'
import { percentDone, type TaskProgress } from './model.js'

export type TaskSource = (slice: JdcloudSlice, instanceId: string, now: number) => TaskProgress[]

const seconds = (fromIso: string, to: number) => Math.max(0, Math.floor((to - Date.parse(fromIso)) / 1000))

/** modifyCacheInstanceClass: taskType `resize` (reference more §11). */
const resizeTasks: TaskSource = (slice, id, now) => {
  const task = slice.resizeTasks?.[id]
  if (!task) return []
  const running = task.status === 'running'
  return [
    {
      taskType: 'resize',
      taskId: task.taskId,
      taskStatus: task.status,
      progressPercent: running ? percentDone(Date.parse(task.startTime), task.finishAt, now) : 100,
      elapsedTimeSecond: seconds(task.startTime, running ? now : task.finishAt),
      startTime: task.startTime,
    },
  ]
}

/** startClearData: taskType `clearData` (inferred: the reference documents resize and upgrade only). */
const clearDataTasks: TaskSource = (slice, id, now) => {
  const task = slice.clearData?.[id]
  if (!task) return []
  const running = task.status === 'running'
  return [
    {
      taskType: 'clearData',
      taskId: task.taskId,
      taskStatus: running ? 'running' : task.status === 'success' ? 'success' : 'fail',
      progressPercent: clearDataProgress(task, now),
      elapsedTimeSecond: seconds(task.startTime, running ? now : Date.parse(task.lastTransitionTime)),
      startTime: task.startTime,
    },
  ]
}

/** createCacheAnalysis / createBigKeyAnalysis(2): taskType `cacheAnalysis` / `bigKeyAnalysis` (inferred names). */
const analysisTasks: TaskSource = (slice, id, now) =>
  (slice.analysis?.[id]?.tasks ?? []).map((task) => {
    const running = task.status === 'running'
    return {
      taskType: task.kind === 'cache' ? 'cacheAnalysis' : 'bigKeyAnalysis',
      taskId: task.taskId,
      taskStatus: running ? 'running' : task.status === 'success' ? 'success' : 'fail',
      progressPercent: running ? percentDone(Date.parse(task.startTime), task.finishAt, now) : task.status === 'success' ? 100 : 0,
      elapsedTimeSecond: seconds(task.startTime, running ? now : Date.parse(task.finishTime)),
      startTime: task.startTime,
    }
  })

export const TASK_SOURCES: TaskSource[] = [resizeTasks, clearDataTasks, analysisTasks]

export { TASK_TYPES } from './model.js'
