// The catalogue group's operations (reference-more §12, §13, Appendix A) for the OpenAPI document.
import type { Operation } from '../../../core/openapi.js'
import { regionOperation, result } from '../openapi-kit.js'
import { availableRegionResult, availableResourceResult, specConfigResult } from './responses.js'

const TAG = 'catalogue'

export function catalogueOperations(): Operation[] {
  return [
    regionOperation({
      method: 'get',
      sub: 'availableRegion',
      operationId: 'describeAvailableRegion',
      summary: 'Every region with its zones and the account’s quota there',
      tag: TAG,
      source: 'reference jdcloud-redis-more.md §12; inferred: region and zone names from the console',
      responses: { 200: result('the regions of the catalogue', availableRegionResult()) },
    }),
    regionOperation({
      method: 'get',
      sub: 'availableResource',
      operationId: 'describeAvailableResource',
      summary: 'The architectures, engine versions, memory specs and flavors sold in the region',
      tag: TAG,
      source: 'reference jdcloud-redis-more.md §12; inferred: values derived from the instance-class catalogue',
      responses: { 200: result('the resources of the region', availableResourceResult()) },
    }),
    regionOperation({
      method: 'get',
      sub: 'availableResource2',
      operationId: 'describeAvailableResource2',
      summary: 'As describeAvailableResource (the …2 endpoint)',
      tag: TAG,
      source: 'reference jdcloud-redis-more.md Appendix A (same result shape as §12)',
      responses: { 200: result('the resources of the region', availableResourceResult()) },
    }),
    regionOperation({
      method: 'get',
      sub: 'specConfig',
      operationId: 'describeSpecConfig',
      summary: 'The instance specs per Redis version and type, and the 4.0 shard specs',
      tag: TAG,
      source: 'reference jdcloud-redis-more.md §13',
      responses: { 200: result('the specs of the region', specConfigResult()) },
    }),
  ]
}
