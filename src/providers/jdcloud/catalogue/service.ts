// describeAvailableRegion, describeAvailableResource(2) and describeSpecConfig (reference more §12, §13): views of the
// one instance-class catalogue (fixtures/jdcloud/instance-classes.json), so codes agree with describeInstanceClass.
import type { ProviderContext } from '../../../core/provider.js'
import { readSlice } from '../instance-access.js'
import { REDIS_VERSIONS, type InstanceClassDefinition, type InstanceType, type JdcloudSlice } from '../model.js'
import { requireRegion, type Scope } from '../service.js'
import { usedInstances } from '../usage.js'

// Region and zone display names are not in the reference; JDCloud's console names (inferred).
const REGION_NAMES: Record<string, string> = { 'cn-north-1': '华北-北京', 'cn-south-1': '华南-广州', 'cn-east-2': '华东-上海' }
const ARCHITECTURE_NAMES: Record<InstanceType, string> = { 'master-slave': '主从版', cluster: '集群版' }
const MB_PER_GB = 1024

const zoneName = (azId: string) => `可用区${azId.slice(-1).toUpperCase()}`
const azInfo = (azId: string) => ({ azId, azName: zoneName(azId), soldOut: false })

/** IPs a class uses (undocumented, inferred): master and replica for master-slave; a proxy and a shard per shard. */
const ipNumber = (c: InstanceClassDefinition) => (c.instanceType === 'cluster' ? 2 * c.shardNumber : 2)

function classesOf(slice: JdcloudSlice, regionId: string) {
  return requireRegion(slice, regionId).classes.map((code) => ({ code, c: slice.catalogue.classes[code] }))
}

export function describeAvailableRegion(ctx: ProviderContext, scope: Scope) {
  const slice = readSlice(ctx)
  requireRegion(slice, scope.regionId)
  // reference more §12 (inferred): every configured region, whatever the path's, quota as describeUserQuota
  return {
    availableRegions: Object.entries(slice.catalogue.regions).map(([regionId, region]) => ({
      regionId,
      regionName: REGION_NAMES[regionId] ?? regionId,
      soldOut: false,
      quota: { max: scope.instanceQuota, used: usedInstances(slice.instances, scope.account, regionId) },
      availableZones: region.azs.map(azInfo),
    })),
  }
}

export function describeAvailableResource(ctx: ProviderContext, scope: Scope) {
  const slice = readSlice(ctx)
  const classes = classesOf(slice, scope.regionId)
  const azs = requireRegion(slice, scope.regionId).azs
  const types: InstanceType[] = ['master-slave', 'cluster']
  return {
    availableResources: types
      .filter((type) => classes.some(({ c }) => c.instanceType === type))
      .map((type) => ({
        architectureType: type,
        architectureName: ARCHITECTURE_NAMES[type],
        recommended: type === 'master-slave',
        soldOut: false,
        supportedMaxReplicas: 1,
        supportedMinReplicas: 1,
        supportedAzSpecifyType: ['SpecifyByReplicaGroup'],
        minAzLimitForCluster: 1,
        supportedExposeType: ['LoadBalancer'],
        supportSmartProxy: type === 'cluster',
        availableEngineVersions: REDIS_VERSIONS.filter((v) => classes.some(({ c }) => c.instanceType === type && c.redisVersion === v)).map((version) => {
          const own = classes.filter(({ c }) => c.instanceType === type && c.redisVersion === version)
          const memories = [...new Set(own.map(({ c }) => c.memoryMB))].sort((a, b) => a - b)
          return {
            version,
            recommended: version === '4.0',
            soldOut: false,
            availableCPUArchs: [
              {
                cpuArchInfo: { cpuType: 'intel', cpuName: 'Intel' },
                soldOut: false,
                shardNumberMin: Math.min(...own.map(({ c }) => c.shardNumber)),
                shardNumberMax: Math.max(...own.map(({ c }) => c.shardNumber)),
                maxMemoryMB: Math.max(...memories),
                availableMemorySpecs: memories.map((memoryMB) => ({
                  memoryGB: memoryMB / MB_PER_GB,
                  soldOut: false,
                  availableZones: azs.map(azInfo),
                  availableFlavors: own
                    .filter(({ c }) => c.memoryMB === memoryMB)
                    .map(({ code, c }) => ({
                      shardNumber: c.shardNumber,
                      ipNumber: ipNumber(c),
                      recommended: false,
                      instanceClasses: [code],
                      detail: { cpu: c.cpu, diskGB: c.diskGB, maxConnection: c.maxConnection, bandwidthMbps: c.bandwidthMbps },
                    })),
                })),
              },
            ],
          }
        }),
      })),
  }
}

/** The 4.0 single-shard class a 4.0 cluster class is made of: the master-slave class of its memory per shard. */
function shardClassOf(slice: JdcloudSlice, c: InstanceClassDefinition): string | undefined {
  const perShard = c.memoryMB / c.shardNumber
  return Object.entries(slice.catalogue.classes).find(([, s]) => s.redisVersion === '4.0' && s.instanceType === 'master-slave' && s.memoryMB === perShard)?.[0]
}

export function describeSpecConfig(ctx: ProviderContext, scope: Scope) {
  const slice = readSlice(ctx)
  const classes = classesOf(slice, scope.regionId)
  const azs = requireRegion(slice, scope.regionId).azs
  const shardSpec: Record<string, unknown> = {}
  const instanceVersions = REDIS_VERSIONS.map((redisVersion) => ({
    redisVersion,
    instanceTypes: (['master-slave', 'cluster'] as const)
      .map((instanceType) => ({
        instanceType,
        specs: classes
          .filter(({ c }) => c.redisVersion === redisVersion && c.instanceType === instanceType)
          .map(({ code, c }) => {
            const spec: Record<string, unknown> = {
              memoryGB: c.memoryMB / MB_PER_GB,
              instanceClass: code,
              cpu: c.cpu,
              diskGB: c.diskGB,
              maxConnection: c.maxConnection,
              bandwidthMbps: c.bandwidthMbps,
              ipNumber: ipNumber(c),
              azs,
            }
            // reference more §13: `shard` only for 4.0 cluster specs (absent for 2.8 and for 4.0 standard)
            const shardClass = redisVersion === '4.0' && instanceType === 'cluster' ? shardClassOf(slice, c) : undefined
            if (shardClass) {
              spec.shard = { defaultShardNumber: c.shardNumber, defaultShardClass: shardClass, shardNumberList: [c.shardNumber], ipNumberList: [ipNumber(c)] }
              const s = slice.catalogue.classes[shardClass]
              const entry = (shardSpec[shardClass] ??= {
                shardClass,
                cpu: s.cpu,
                memoryGB: s.memoryMB / MB_PER_GB,
                diskGB: s.diskGB,
                maxConnection: s.maxConnection,
                bandwidthMbps: s.bandwidthMbps,
                shardNumberList: [] as number[],
              }) as { shardNumberList: number[] }
              if (!entry.shardNumberList.includes(c.shardNumber)) entry.shardNumberList.push(c.shardNumber)
            }
            return spec
          }),
      }))
      .filter((t) => t.specs.length > 0),
  })).filter((v) => v.instanceTypes.length > 0)
  return { shardSpec, instanceSpec: { region: scope.regionId, instanceVersions } }
}
