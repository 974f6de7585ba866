// The IP whitelist operations (reference-more §5) for the OpenAPI document.
import type { Operation } from '../../../core/openapi.js'
import { done, instanceOperation, precondition, result } from '../openapi-kit.js'
import { ipWhiteListResult } from './responses.js'
import { modifyIpWhiteListBody } from './schemas.js'

const TAG = 'security'

export function securityOperations(): Operation[] {
  return [
    instanceOperation({
      method: 'get',
      sub: '/ipWhiteList',
      operationId: 'describeIpWhiteList',
      summary: 'The IP whitelist',
      tag: TAG,
      source: 'reference jdcloud-redis-more.md §5; inferred: 0.0.0.0/0 by default',
      responses: { 200: result('the CIDR blocks allowed', ipWhiteListResult()) },
    }),
    instanceOperation({
      method: 'patch',
      sub: '/ipWhiteList',
      operationId: 'modifyIpWhiteList',
      summary: 'Replace the IP whitelist',
      tag: TAG,
      source: 'reference jdcloud-redis-more.md §5, §1.4; inferred: IPv4 CIDR only, an empty list is 400',
      body: { schema: modifyIpWhiteListBody() },
      responses: { 200: done('replaced'), 400: precondition('the instance is not running') },
    }),
  ]
}
