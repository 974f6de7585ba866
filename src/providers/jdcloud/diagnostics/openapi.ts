// The diagnostics group's operations (reference-more §8) for the OpenAPI document.
import type { Operation } from '../../../core/openapi.js'
import { instanceOperation, result } from '../openapi-kit.js'
import { clientIpDetailResult, clientListResult, slowLogResult } from './responses.js'
import { clientIpDetailBody, slowLogQuerySchema } from './schemas.js'

const TAG = 'diagnostics'
const EMPTY_WITHOUT_SERVER = 'without --real-redis no command runs anywhere, so the list is empty'

export function diagnosticsOperations(): Operation[] {
  return [
    instanceOperation({
      method: 'get',
      sub: '/slowLog',
      operationId: 'describeSlowLog',
      summary: 'The slow log, newest first, paged',
      tag: TAG,
      source: `reference jdcloud-redis-more.md §8; inferred: ${EMPTY_WITHOUT_SERVER}`,
      realRedis: 'reads SLOWLOG GET of the instance’s server (its entries are the first shard’s)',
      query: slowLogQuerySchema(),
      responses: { 200: result('a page of slow-log entries and the total', slowLogResult()) },
    }),
    instanceOperation({
      method: 'get',
      sub: '/clientList',
      operationId: 'describeClientList',
      summary: 'Connected client addresses and their connection counts',
      tag: TAG,
      source: `reference jdcloud-redis-more.md §8; inferred: ${EMPTY_WITHOUT_SERVER}`,
      realRedis: 'reads CLIENT LIST of the instance’s server (the emulator’s own connection left out)',
      responses: { 200: result('one entry per client IP', clientListResult()) },
    }),
    instanceOperation({
      method: 'post',
      sub: '/clientIpDetail',
      operationId: 'describeClientIpDetail',
      summary: 'The connections of one client IP (a read that uses POST)',
      tag: TAG,
      source: 'reference jdcloud-redis-more.md §8; inferred: a malformed IP is 400 INVALID_ARGUMENT, an unconnected one an empty list',
      realRedis: 'reads CLIENT LIST of the instance’s server',
      body: { schema: clientIpDetailBody() },
      responses: { 200: result('the connections from that IP', clientIpDetailResult()) },
    }),
  ]
}
