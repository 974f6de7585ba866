// zod schemas for JDCloud request bodies (reference §2, §3); bodies are read the way the SDKs send them: unknown keys
// ignored (Python puts path params in the body) and null treated as absent.
import { z } from 'zod'
import { lazy } from '../../core/lazy.js'
import { PARSE_ONCE } from '../../core/parse-once.js'
import { invalidArgument } from './errors.js'
import { CACHE_INSTANCE_STATUSES, CHARGE_MODES, REDIS_VERSIONS } from './model.js'
import { storedAnalysis } from './analysis/schemas.js'
import { storedClearData } from './clear-data/schemas.js'
import { storedResizeTasks } from './tasks/schemas.js'
import { ACCOUNT_PRIVILEGES } from './accounts/model.js'
import { PARAMETERS } from './config/model.js'

// Schemas are built on first use (lazy()), not at import: start-up time (issue #20).

// reference §2 "Names": digits, letters, underscore, Chinese; 2-32 characters.
const cacheInstanceName = lazy(() => z.string().regex(/^[0-9A-Za-z_\u4e00-\u9fa5]{2,32}$/u, 'cacheInstanceName must be 2-32 digits, letters, underscores or Chinese characters'))
// reference §2: description at most 256 characters.
const cacheInstanceDescription = lazy(() => z.string().max(256, 'cacheInstanceDescription must not exceed 256 characters'))
// reference §2 "Password": letters and digits only, 8-16 characters; empty = password-free.
export const password = lazy(() => z
  .string()
  .regex(/^(|[A-Za-z0-9]{8,16})$/, 'password must be 8-16 letters and digits, or empty for no password'))

const tag = lazy(() => z.object({ key: z.string().min(1).max(127), value: z.string().max(255) }))

export const cacheInstanceSpec = lazy(() => z.object({
  vpcId: z.string().min(1),
  subnetId: z.string().min(1),
  cacheInstanceName: cacheInstanceName(),
  cacheInstanceClass: z.string().min(1),
  azId: z.object({ master: z.string().min(1), slave: z.string().min(1) }),
  password: password().optional(),
  cacheInstanceDescription: cacheInstanceDescription().optional(),
  redisVersion: z.string().optional(),
  ipv6On: z.union([z.literal(0), z.literal(1)]).optional(),
  // Later revisions' CacheInstanceSpec.userTags (jdcloud-sdk-go models/CacheInstanceSpec.go): the only way to tag.
  userTags: z.array(tag()).max(10).optional(),
}))

// reference §3 ChargeSpec
export const chargeSpec = lazy(() => z.object({
  chargeMode: z.enum(['prepaid_by_duration', 'postpaid_by_usage', 'postpaid_by_duration']).optional(),
  chargeUnit: z.enum(['month', 'year']).optional(),
  chargeDuration: z.number().int().optional(),
}))

export const createCacheInstanceBody = lazy(() => z.object({ cacheInstance: cacheInstanceSpec(), charge: chargeSpec().optional() }))

export const modifyCacheInstanceAttributeBody = lazy(() => z
  .object({ cacheInstanceName: cacheInstanceName().optional(), cacheInstanceDescription: cacheInstanceDescription().optional() })
  // reference §2: at least one of the two
  .refine((b) => b.cacheInstanceName !== undefined || b.cacheInstanceDescription !== undefined, {
    message: 'one of cacheInstanceName and cacheInstanceDescription is required',
  }))

export const modifyCacheInstanceClassBody = lazy(() => z.object({ cacheInstanceClass: z.string().min(1) }))

export const resetCacheInstancePasswordBody = lazy(() => z.object({ password: password().optional() }))

export type CreateCacheInstanceBody = z.infer<ReturnType<typeof createCacheInstanceBody>>

/** Drops null-valued keys at every depth: the Python SDK sends unset optionals as null (reference §1). */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    )
  }
  return value
}

/** Parses the raw JSON body bytes; an empty body is an empty object. */
export function parseJsonBody(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(raw.toString('utf8'))
  } catch {
    throw invalidArgument('the request body is not valid JSON')
  }
  if (parsed === null) return {}
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw invalidArgument('the request body must be a JSON object')
  return withoutNulls(parsed) as Record<string, unknown>
}


/** reference §3 CacheInstance as stored and sent (describeCacheInstance(s) answer it as is). */
export const cacheInstanceRecord = lazy(() => z.object({
  cacheInstanceId: z.string().min(1),
  cacheInstanceName: z.string(),
  cacheInstanceClass: z.string(),
  cacheInstanceMemoryMB: z.number().int(),
  cacheInstanceStatus: z.enum(CACHE_INSTANCE_STATUSES),
  cacheInstanceDescription: z.string(),
  createTime: z.iso.datetime(),
  azId: z.object({ master: z.string(), slave: z.string() }),
  vpcId: z.string(),
  subnetId: z.string(),
  connectionDomain: z.string(),
  port: z.number().int(),
  charge: z.object({
    chargeMode: z.enum(CHARGE_MODES),
    chargeStatus: z.enum(['normal', 'overdue', 'arrear']),
    chargeStartTime: z.string(),
    chargeExpiredTime: z.string(),
    chargeRetireTime: z.string(),
  }),
  instanceVersion: z.string(),
  auth: z.boolean(),
  redisVersion: z.enum(REDIS_VERSIONS),
  cacheInstanceType: z.enum(['master-slave', 'cluster']),
  ipv6On: z.number().int(),
  tags: z.array(z.object({ key: z.string(), value: z.string() })),
}))

/** reference-more §3 Backup as stored and sent (describeBackups answers it as is). */
export const backupRecord = lazy(() => z.object({
  baseId: z.string().min(1),
  backupFileName: z.string(),
  cacheInstanceId: z.string(),
  backupStartTime: z.iso.datetime(),
  backupEndTime: z.union([z.literal(''), z.iso.datetime()]),
  backupType: z.union([z.literal(0), z.literal(1)]),
  backupSize: z.number().int().min(0),
  backupStatus: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  backupDownloadURL: z.string(),
}))

/** reference-more §7 DisableCommand as stored and sent (getDisableCommands answers the list as is). */
export const disabledCommandRecord = lazy(() => z.object({ commandName: z.string().regex(/^[a-z][a-z0-9_|-]{0,129}$/), disableTime: z.string() }))

// The stored slice, checked when a seed or state document replaces it (PUT /_emulator/state, POST /_emulator/seed), so
// a hand-written document cannot make later requests fail. Extra top-level keys are left alone.
const storedInstance = lazy(() => z.object({
  account: z.string().min(1),
  regionId: z.string().min(1),
  seq: z.number().int(),
  password: z.string(),
  instance: cacheInstanceRecord(),
  // the resource groups' state (accounts/, backups/, security/, config/), each absent until first changed
  redisAccounts: z
    .array(z.object({ accountName: z.string().regex(/^[a-z][a-z0-9_]{1,15}$/), accountPrivilege: z.enum(ACCOUNT_PRIVILEGES), accountDescription: z.string(), password: z.string() }))
    .optional(),
  defaultAccountDescription: z.string().optional(),
  backups: z.array(backupRecord()).optional(),
  backupPolicy: z.object({ autoBackup: z.boolean(), backupPeriod: z.string(), backupTime: z.string() }).optional(),
  ipWhiteList: z.array(z.string()).optional(),
  instanceConfig: z.partialRecord(z.enum(PARAMETERS.map((p) => p.name)), z.string()).optional(),
  disabledCommands: z.array(disabledCommandRecord()).optional(),
}))

const instanceClassDefinition = lazy(() => z.object({
  redisVersion: z.enum(REDIS_VERSIONS),
  instanceType: z.enum(['master-slave', 'cluster']),
  cpu: z.number().int().min(1),
  memoryMB: z.number().int().min(1),
  diskGB: z.number().int().min(0),
  maxConnection: z.number().int().min(0),
  bandwidthMbps: z.number().int().min(0),
  // describeClusterInfo lists one shard object per shard: a seeded 10^9 would exhaust memory (found by the state-import suite)
  shardNumber: z.number().int().min(1).max(1024),
}))

const sliceSchema = lazy(() => z.object({
  accounts: z.record(
    z.string(),
    z.object({ accessKey: z.string().min(1), secretKey: z.string().min(1), name: z.string(), instanceQuota: z.number().int().min(0), whiteListed: z.boolean() }),
  ),
  defaultQuota: z.number().int().min(0),
  catalogue: z.object({
    classes: z.record(z.string(), instanceClassDefinition()),
    regions: z.record(z.string(), z.object({ azs: z.array(z.string()), classes: z.array(z.string()) })),
  }),
  // z.lazy: an instance's schema is built only for a slice that has instances (start-up time, issue #20)
  instances: z.record(z.string(), z.lazy(storedInstance)),
  nextSeq: z.number().int().min(1),
  // issue 16 groups (optional: state written before them has none)
  clearData: z.lazy(storedClearData).optional(),
  analysis: z.lazy(storedAnalysis).optional(),
  resizeTasks: z.lazy(storedResizeTasks).optional(),
}))

/** The path of an own `__proto__` key (JSON.parse makes them), which zod's records skip without checking its value. */
function protoKeyPath(value: unknown, path: string[] = []): string | undefined {
  if (value === null || typeof value !== 'object') return undefined
  if (Object.hasOwn(value, '__proto__')) return [...path, '__proto__'].join('.')
  for (const [key, child] of Object.entries(value)) {
    const found = protoKeyPath(child, [...path, key])
    if (found) return found
  }
  return undefined
}

/** The problem with a slice given as state, or undefined when it is usable. */
export function validateSlice(slice: unknown): string | undefined {
  // found by the state-import suite: a junk catalogue.regions.__proto__ passed and broke describeAvailableRegion
  const proto = protoKeyPath(slice)
  if (proto) return `${proto}: not allowed`
  const result = sliceSchema().safeParse(slice, PARSE_ONCE)
  if (!result.success) {
    const issue = result.error.issues[0]
    return `${issue.path.join('.')}: ${issue.message}`
  }
  const { accounts, catalogue, instances } = result.data
  for (const [key, account] of Object.entries(accounts)) {
    if (account.accessKey !== key) return `accounts.${key}: accessKey must equal its key`
  }
  for (const [region, { classes }] of Object.entries(catalogue.regions)) {
    // findIndex, not find: an empty code is falsy and would pass (found by the state-import suite)
    const unknown = classes.findIndex((code) => !Object.hasOwn(catalogue.classes, code))
    if (unknown >= 0) return `catalogue.regions.${region}: unknown class ${JSON.stringify(classes[unknown])}`
  }
  for (const [id, stored] of Object.entries(instances)) {
    if (stored.instance.cacheInstanceId !== id) return `instances.${id}: cacheInstanceId must equal its key`
    if (!Object.hasOwn(catalogue.classes, stored.instance.cacheInstanceClass)) return `instances.${id}: unknown class ${stored.instance.cacheInstanceClass}`
  }
  // issue 16 groups: records only for stored instances
  for (const [group, records] of Object.entries({ clearData: result.data.clearData, analysis: result.data.analysis, resizeTasks: result.data.resizeTasks })) {
    const orphan = Object.keys(records ?? {}).find((id) => !Object.hasOwn(instances, id))
    if (orphan) return `${group}.${orphan}: no such instance`
  }
  return undefined
}
