// The task-progress operation (reference-more §11) for the OpenAPI document.
import type { Operation } from '../../../core/openapi.js'
import { instanceOperation, result } from '../openapi-kit.js'
import { taskProgressResult } from './responses.js'
import { taskProgressQuerySchema } from './schemas.js'

export function taskOperations(): Operation[] {
  return [
    instanceOperation({
      method: 'get',
      sub: '/taskProgress',
      operationId: 'describeTaskProgressList',
      summary: 'Running tasks and the latest finished one of each type, newest first',
      tag: 'tasks',
      source: 'reference jdcloud-redis-more.md §11 (resize); inferred: clearData, cacheAnalysis and bigKeyAnalysis tasks, an unknown taskType is 400',
      query: taskProgressQuerySchema(),
      responses: { 200: result('the tasks', taskProgressResult()) },
    }),
  ]
}
