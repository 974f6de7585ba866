// The result bodies of the 10 core operations (reference §2, §3) as service.ts builds them, for the OpenAPI document;
// built on first use.
import { z } from 'zod'
import { lazy } from '../../core/lazy.js'
import { cacheInstanceRecord } from './schemas.js'

const count = () => z.number().int().min(0)

export const createResult = lazy(() =>
  z.strictObject({ cacheInstanceId: z.string(), orderNum: z.string().meta({ description: 'undocumented format: 16 digits here' }) }),
)

export const instanceResult = lazy(() => z.strictObject({ cacheInstance: cacheInstanceRecord() }))

export const instanceListResult = lazy(() => z.strictObject({ cacheInstances: z.array(cacheInstanceRecord()), totalCount: count() }))

export const orderNumResult = lazy(() => z.strictObject({ orderNum: z.string() }))

/** reference §3 ClusterInfo: arrays of {id} (a master-slave instance has no proxy). */
export const clusterInfoResult = lazy(() => {
  const node = z.strictObject({ id: z.string() })
  return z.strictObject({ info: z.strictObject({ proxies: z.array(node), shards: z.array(node) }) })
})

/** reference §3 InstanceClass: model.ts instanceClassView. */
export const instanceClassSchema = lazy(() =>
  z.strictObject({
    instanceClass: z.string(),
    instanceType: z.enum(['master-slave', 'cluster']),
    cpu: z.number().int(),
    memoryMB: z.number().int(),
    diskGB: z.number().int(),
    maxConnection: z.number().int(),
    bandwidthMbps: z.number().int(),
  }),
)

export const instanceClassListResult = lazy(() => z.strictObject({ instanceClasses: z.array(instanceClassSchema()), totalCount: count() }))

/** reference §3 Quota: one object; the name is undocumented (`instance` here). */
export const quotaResult = lazy(() => z.strictObject({ quota: z.strictObject({ name: z.string(), max: count(), used: count() }) }))
