// The result bodies of describeAvailableRegion, describeAvailableResource(2) and describeSpecConfig as service.ts builds
// them (reference-more §12, §13), for the OpenAPI document; built on first use.
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'
import { REDIS_VERSIONS } from '../model.js'

const int = () => z.number().int()
const instanceType = () => z.enum(['master-slave', 'cluster'])
const azInfo = () => z.strictObject({ azId: z.string(), azName: z.string(), soldOut: z.boolean() })

export const availableRegionResult = lazy(() =>
  z.strictObject({
    availableRegions: z.array(
      z.strictObject({
        regionId: z.string(),
        regionName: z.string(),
        soldOut: z.boolean(),
        quota: z.strictObject({ max: int(), used: int() }),
        availableZones: z.array(azInfo()),
      }),
    ),
  }),
)

export const availableResourceResult = lazy(() => {
  const flavor = z.strictObject({
    shardNumber: int(),
    ipNumber: int(),
    recommended: z.boolean(),
    instanceClasses: z.array(z.string()),
    detail: z.strictObject({ cpu: int(), diskGB: int(), maxConnection: int(), bandwidthMbps: int() }),
  })
  const memorySpec = z.strictObject({ memoryGB: z.number(), soldOut: z.boolean(), availableZones: z.array(azInfo()), availableFlavors: z.array(flavor) })
  const cpuArch = z.strictObject({
    cpuArchInfo: z.strictObject({ cpuType: z.string(), cpuName: z.string() }),
    soldOut: z.boolean(),
    shardNumberMin: int(),
    shardNumberMax: int(),
    maxMemoryMB: int(),
    availableMemorySpecs: z.array(memorySpec),
  })
  const engine = z.strictObject({ version: z.enum(REDIS_VERSIONS), recommended: z.boolean(), soldOut: z.boolean(), availableCPUArchs: z.array(cpuArch) })
  return z.strictObject({
    availableResources: z.array(
      z.strictObject({
        architectureType: instanceType(),
        architectureName: z.string(),
        recommended: z.boolean(),
        soldOut: z.boolean(),
        supportedMaxReplicas: int(),
        supportedMinReplicas: int(),
        supportedAzSpecifyType: z.array(z.string()),
        minAzLimitForCluster: int(),
        supportedExposeType: z.array(z.string()),
        supportSmartProxy: z.boolean(),
        availableEngineVersions: z.array(engine),
      }),
    ),
  })
})

export const specConfigResult = lazy(() => {
  const spec = z.strictObject({
    memoryGB: z.number(),
    instanceClass: z.string(),
    cpu: int(),
    diskGB: int(),
    maxConnection: int(),
    bandwidthMbps: int(),
    ipNumber: int(),
    azs: z.array(z.string()),
    // reference-more §13: only for 4.0 cluster specs
    shard: z.strictObject({ defaultShardNumber: int(), defaultShardClass: z.string(), shardNumberList: z.array(int()), ipNumberList: z.array(int()) }).optional(),
  })
  return z.strictObject({
    // keyed by the shard class code: the keys are the catalogue's, not a fixed set
    shardSpec: z.record(
      z.string(),
      z.strictObject({ shardClass: z.string(), cpu: int(), memoryGB: z.number(), diskGB: int(), maxConnection: int(), bandwidthMbps: int(), shardNumberList: z.array(int()) }),
    ),
    instanceSpec: z.strictObject({
      region: z.string(),
      instanceVersions: z.array(
        z.strictObject({ redisVersion: z.enum(REDIS_VERSIONS), instanceTypes: z.array(z.strictObject({ instanceType: instanceType(), specs: z.array(spec) })) }),
      ),
    }),
  })
})
