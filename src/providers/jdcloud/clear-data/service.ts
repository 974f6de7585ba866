// startClearData, stopClearData, describeClearData (reference more §10): one task per instance, running -> success on
// the emulator clock (delay jdcloud.cleardata), or failed when stopped. With --real-redis the keys are removed from the
// live server when the task starts (before the 2xx), and effectKeys counts them.
import { cancelTransitions, scheduleTransition } from '../../../core/lifecycle.js'
import type { ProviderContext } from '../../../core/provider.js'
import { failedPrecondition } from '../errors.js'
import { ownInstance, readSlice, requireRunning } from '../instance-access.js'
import { DELAYS, TRANSITIONS } from '../lifecycle.js'
import { wireTime, type JdcloudSlice } from '../model.js'
import type { Scope } from '../service.js'
import type { ClearDataTask } from './model.js'
import { clearOnServer } from './real-redis.js'
import type { StartClearDataBody } from './schemas.js'

const ID = 'jdcloud'

/** Percent done of a task: 100 once it succeeded, by elapsed time while it runs (reference more §10: progress). */
export function clearDataProgress(task: ClearDataTask, now: number): number {
  if (task.status === 'success') return 100
  const started = Date.parse(task.startTime)
  const end = task.status === 'running' ? now : Date.parse(task.lastTransitionTime)
  const span = task.finishAt - started
  if (span <= 0) return 0
  return Math.max(0, Math.min(99, Math.floor(((end - started) / span) * 100)))
}

export async function startClearData(ctx: ProviderContext, scope: Scope, now: number, id: string, body: StartClearDataBody, taskId: string) {
  // reference more §10: keyPattern and keyFilter are ignored for AllData and ExpiredData
  const specified = body.clearType === 'SpecifiedData'
  const keyPattern = specified ? (body.keyPattern ?? '') : ''
  const keyFilter = specified ? (body.keyFilter ?? []) : []
  await ctx.store.mutate<JdcloudSlice>(ID, (draft) => {
    const stored = ownInstance(draft, scope, id)
    requireRunning(stored, 'clear data')
    const tasks = (draft.clearData ??= {})
    // reference more §10 (inferred): one clear task per instance at a time
    if (tasks[id]?.status === 'running') throw failedPrecondition(`cacheInstance ${id} already has a running clear data task`)
    const finishAt = now + ctx.delays.get(DELAYS.clearData)
    tasks[id] = {
      taskId,
      clearType: body.clearType,
      keyPattern,
      keyFilter,
      qpsLimit: body.qpsLimit ?? 0,
      effectKeys: 0,
      status: 'running',
      message: '',
      startTime: wireTime(now),
      lastTransitionTime: wireTime(now),
      finishAt,
    }
    scheduleTransition(draft, TRANSITIONS.clearDataFinished, finishAt, { id, taskId })
  })
  if (!ctx.realRedis) return
  const effectKeys = await clearOnServer(ctx, id, body.clearType, keyPattern, keyFilter)
  await ctx.store.mutate<JdcloudSlice>(ID, (draft) => {
    const task = draft.clearData?.[id]
    if (task?.taskId === taskId) task.effectKeys = effectKeys
  })
}

export async function stopClearData(ctx: ProviderContext, scope: Scope, now: number, id: string) {
  await ctx.store.mutate<JdcloudSlice>(ID, (draft) => {
    ownInstance(draft, scope, id)
    const task = draft.clearData?.[id]
    // reference more §10 (inferred): nothing running -> 400 FAILED_PRECONDITION
    if (task?.status !== 'running') throw failedPrecondition(`cacheInstance ${id} has no running clear data task`)
    task.status = 'failed'
    task.message = 'stopped by user'
    task.lastTransitionTime = wireTime(now)
    cancelTransitions(draft, (t) => t.kind === TRANSITIONS.clearDataFinished && t.target.id === id)
  })
}

export function describeClearData(ctx: ProviderContext, scope: Scope, now: number, id: string) {
  const slice = readSlice(ctx)
  ownInstance(slice, scope, id)
  const task = slice.clearData?.[id]
  // reference more §10 (inferred): no task ever started -> the object with empty strings and zeros
  if (!task) return { clearType: '', keyPattern: '', keyFilter: [], qpsLimit: 0, progress: 0, effectKeys: 0, status: '', message: '', lastTransitionTime: '' }
  const { clearType, keyPattern, keyFilter, qpsLimit, effectKeys, status, message, lastTransitionTime } = task
  // reference more §10: the fields sit directly in result (GO and PHP flatten ClearDataTaskInfo)
  return { clearType, keyPattern, keyFilter, qpsLimit, progress: clearDataProgress(task, now), effectKeys, status, message, lastTransitionTime }
}
