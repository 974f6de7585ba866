// The clear-data group's operations (reference-more §10) for the OpenAPI document.
import type { Operation } from '../../../core/openapi.js'
import { noParams } from '../analysis/schemas.js'
import { done, instanceOperation, precondition, result } from '../openapi-kit.js'
import { clearDataResult } from './responses.js'
import { startClearDataBody } from './schemas.js'

const TAG = 'clearData'

export function clearDataOperations(): Operation[] {
  return [
    instanceOperation({
      method: 'post',
      sub: '/startClearData',
      operationId: 'startClearData',
      summary: 'Start clearing all, expired or specified keys (a task running -> success)',
      tag: TAG,
      source: 'reference jdcloud-redis-more.md §10; inferred: one running task per instance, SpecifiedData needs keyPattern or keyFilter',
      realRedis: 'removes the keys before answering: FLUSHALL (AllData), a SCAN that expires keys (ExpiredData), UNLINK of the matching keys (SpecifiedData); effectKeys counts them',
      body: { schema: startClearDataBody() },
      responses: { 200: done('the task started; its id is this requestId'), 400: precondition('the instance is not running, or a clear task is already running') },
    }),
    instanceOperation({
      method: 'post',
      sub: '/stopClearData',
      operationId: 'stopClearData',
      summary: 'Stop the running clear task (status failed)',
      tag: TAG,
      source: 'reference jdcloud-redis-more.md §10 (the Node SDK sends {}); inferred: nothing running is 400 FAILED_PRECONDITION',
      body: { schema: noParams(), required: false },
      responses: { 200: done('stopped'), 400: precondition('no clear task is running') },
    }),
    instanceOperation({
      method: 'get',
      sub: '/describeClearData',
      operationId: 'describeClearData',
      summary: 'The latest clear task and its progress',
      tag: TAG,
      source: 'reference jdcloud-redis-more.md §10 (GET since 2.6.12)',
      responses: { 200: result('the task, or empty strings and zeros when none was started (inferred)', clearDataResult()) },
    }),
  ]
}
