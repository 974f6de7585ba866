// describeTaskProgressList (reference more §11): tasks in progress, and (as the CN example shows) the latest finished
// task of each type.
import type { ProviderContext } from '../../../core/provider.js'
import { invalidArgument } from '../errors.js'
import { ownInstance, readSlice } from '../instance-access.js'
import type { Scope } from '../service.js'
import type { TaskProgress } from './model.js'
import { TASK_SOURCES, TASK_TYPES } from './sources.js'

export function describeTaskProgressList(ctx: ProviderContext, scope: Scope, now: number, id: string, taskType: string | undefined) {
  const slice = readSlice(ctx)
  ownInstance(slice, scope, id)
  // inferred: a task type no source knows is a bad argument rather than an empty list
  if (taskType !== undefined && !TASK_TYPES.includes(taskType)) throw invalidArgument(`taskType ${taskType} is invalid, must be one of ${TASK_TYPES.join(', ')}`)
  const all = TASK_SOURCES.flatMap((source) => source(slice, id, now)).filter((t) => taskType === undefined || t.taskType === taskType)
  const shown: TaskProgress[] = all.filter((t) => t.taskStatus === 'running' || t.taskStatus === 'init')
  for (const type of new Set(all.map((t) => t.taskType))) {
    const finished = all.filter((t) => t.taskType === type && (t.taskStatus === 'success' || t.taskStatus === 'fail'))
    if (finished.length > 0) shown.push(finished[finished.length - 1])
  }
  return { taskProgresses: shown.sort((a, b) => Date.parse(b.startTime) - Date.parse(a.startTime)) }
}
