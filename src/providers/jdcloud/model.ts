// JDCloud wire types (reference §3), the slice that stores them, the fixtures (accounts, instance-class catalogue) and
// the projections sent on the wire.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { emptyLifecycle, type LifecycleSlice } from '../../core/lifecycle.js'
import type { InstanceAnalysis } from './analysis/model.js'
import type { ClearDataTask } from './clear-data/model.js'
import type { ResizeTask } from './tasks/model.js'
import type { StoredAccount } from './accounts/model.js'
import type { Backup, BackupPolicy } from './backups/model.js'
import type { DisabledCommand } from './config/model.js'
import { isoSecondsUtc } from '../../core/wire-time.js'

export const REDIS_VERSIONS = ['2.8', '4.0'] as const
export type RedisVersion = (typeof REDIS_VERSIONS)[number]
export const DEFAULT_REDIS_VERSION: RedisVersion = '2.8'

export type InstanceType = 'master-slave' | 'cluster'

// reference §3 CacheInstance.cacheInstanceStatus
export const CACHE_INSTANCE_STATUSES = ['running', 'error', 'creating', 'changing', 'configuring', 'restoring', 'deleting'] as const
export type CacheInstanceStatus = (typeof CACHE_INSTANCE_STATUSES)[number]

export const CHARGE_MODES = ['prepaid_by_duration', 'postpaid_by_duration'] as const
export type ChargeMode = (typeof CHARGE_MODES)[number]

export interface Tag {
  key: string
  value: string
}

export interface Charge {
  chargeMode: ChargeMode
  chargeStatus: 'normal' | 'overdue' | 'arrear'
  chargeStartTime: string
  chargeExpiredTime: string
  chargeRetireTime: string
}

/** reference §3 CacheInstance, field for field. */
export interface CacheInstance {
  cacheInstanceId: string
  cacheInstanceName: string
  cacheInstanceClass: string
  cacheInstanceMemoryMB: number
  cacheInstanceStatus: CacheInstanceStatus
  cacheInstanceDescription: string
  createTime: string
  azId: { master: string; slave: string }
  vpcId: string
  subnetId: string
  connectionDomain: string
  port: number
  charge: Charge
  instanceVersion: string
  auth: boolean
  redisVersion: RedisVersion
  cacheInstanceType: InstanceType
  ipv6On: number
  tags: Tag[]
}

/** The wire record plus the bookkeeping that never leaves the emulator. */
export interface StoredInstance {
  /** The access key that owns it (each access key is an account). */
  account: string
  regionId: string
  /** Creation order, the tie-breaker when createTime is equal. */
  seq: number
  password: string
  instance: CacheInstance
  // The groups beyond the 10 core interfaces (reference-more Appendix B), absent until first changed: each group's
  // model gives the defaults.
  /** accounts/: the normal accounts (the default account is the instance's own password). */
  redisAccounts?: StoredAccount[]
  defaultAccountDescription?: string
  /** backups/: manual backups, oldest first, and the automatic backup policy. */
  backups?: Backup[]
  backupPolicy?: BackupPolicy
  /** security/: the IP whitelist. */
  ipWhiteList?: string[]
  /** config/: parameters set away from their defaults, and the disabled commands. */
  instanceConfig?: Record<string, string>
  disabledCommands?: DisabledCommand[]
}

export interface InstanceClassDefinition {
  redisVersion: RedisVersion
  instanceType: InstanceType
  cpu: number
  memoryMB: number
  diskGB: number
  maxConnection: number
  bandwidthMbps: number
  shardNumber: number
}

export interface RegionCatalogue {
  azs: string[]
  classes: string[]
}

export interface Catalogue {
  classes: Record<string, InstanceClassDefinition>
  regions: Record<string, RegionCatalogue>
}

export interface Account {
  accessKey: string
  secretKey: string
  name: string
  instanceQuota: number
  whiteListed: boolean
}

export interface JdcloudSlice extends LifecycleSlice {
  accounts: Record<string, Account>
  defaultQuota: number
  catalogue: Catalogue
  instances: Record<string, StoredInstance>
  nextSeq: number
  // Per-instance records of issue 16's groups, keyed by cacheInstanceId; optional so older state documents still load.
  clearData?: Record<string, ClearDataTask>
  analysis?: Record<string, InstanceAnalysis>
  resizeTasks?: Record<string, ResizeTask>
}

function readJson<T>(fixturesDir: string, file: string): T {
  return JSON.parse(readFileSync(join(fixturesDir, 'jdcloud', file), 'utf-8')) as T
}

export function loadSlice(fixturesDir: string): JdcloudSlice {
  const { accounts, defaultQuota } = readJson<{ accounts: Account[]; defaultQuota: number }>(fixturesDir, 'accounts.json')
  return {
    lifecycle: emptyLifecycle(),
    accounts: Object.fromEntries(accounts.map((a) => [a.accessKey, a])),
    defaultQuota,
    catalogue: readJson<Catalogue>(fixturesDir, 'instance-classes.json'),
    instances: {},
    nextSeq: 1,
  }
}

/** reference §3 InstanceClass: the seven documented fields (the shard count stays internal). */
export function instanceClassView(code: string, c: InstanceClassDefinition) {
  return {
    instanceClass: code,
    instanceType: c.instanceType,
    cpu: c.cpu,
    memoryMB: c.memoryMB,
    diskGB: c.diskGB,
    maxConnection: c.maxConnection,
    bandwidthMbps: c.bandwidthMbps,
  }
}

/** reference §3: ISO-8601 UTC without milliseconds, `YYYY-MM-DDTHH:mm:ssZ`. */
export function wireTime(ms: number): string {
  return isoSecondsUtc(ms)
}

/** reference §3: `jredis-{regionId}-prod-{cacheInstanceId}.jdcloud.com`. */
export function connectionDomain(regionId: string, id: string): string {
  return `jredis-${regionId}-prod-${id}.jdcloud.com`
}

/** reference §3: `x.x-x.x`, the engine version then the build. */
export function instanceVersion(redisVersion: RedisVersion): string {
  return `${redisVersion}-1.0`
}

/** The id of the instance quota item (reference §3 Quota: name undocumented). */
export const QUOTA_NAME = 'instance'
