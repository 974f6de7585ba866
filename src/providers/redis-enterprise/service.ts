// The bdb rules of Redis Enterprise (seed 004): create, update (with actions), delete, each driving a state machine.
import { plainCopy, type Draft } from '../../core/store.js'
import { scheduleTransition } from '../../core/lifecycle.js'
import { alphabets, randomString, uuid } from '../../core/ids.js'
import type { Delays } from '../../core/delays.js'
import type { Store } from '../../core/store.js'
import { RealRedisFullError, type PortLease, type RealRedisAccess } from '../../core/real-redis.js'
import { nodeAddress, placeShards, shardsNeeded, type ClusterSettings } from './cluster.js'
import { endpointDomain, licenseExpired } from './cluster/index.js'
import { policyDefaults } from './cluster/settings.js'
import { reError } from './errors.js'
import { wireTime, type ActionRecord, type Bdb, type Catalogue, type JsonObject, type RedisEnterpriseSlice, type StateMachineName } from './model.js'
import { checkBdbConfig, resolveModules, resolveVersion } from './rules.js'
import { readOnlyBdbKeys, type CreateBdbBody } from './schemas.js'
import { TRANSITIONS } from './lifecycle.js'
import { findByUid } from './uids.js'
import { firstFreePort, nameInUse, noteBdbChange } from './bdb-index.js'
import { checkRolesPermissions } from './access/service.js'
import { logEvent } from './logs/service.js'
import { applyBdbAlertSettings } from './alerts/service.js'
import type { BdbAlertSettingsBody } from './alerts/schemas.js'

export const PROVIDER_ID = 'redis-enterprise'

export interface Services {
  store: Store
  delays: Delays
  catalogue: Catalogue
  settings: ClusterSettings
  realRedis?: RealRedisAccess
}

export const BDB_ACTIONS = ['flush', 'reset_admin_pass'] as const
export type BdbAction = (typeof BDB_ACTIONS)[number]

export interface RecoveryFile {
  shard_slots: string
  node_uid: string
  filename: string
}

// bdb object docs: "Only letters, numbers, or hyphens are valid characters. The name must start and end with a
// letter or number." (the captured default-db fits it)
const BDB_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/

export function readSlice(services: Services): RedisEnterpriseSlice {
  return services.store.read<RedisEnterpriseSlice>(PROVIDER_ID)
}

export function findBdb(slice: RedisEnterpriseSlice, raw: string): Bdb {
  return findByUid(slice.bdbs, raw, 'db_not_exist', 'Database')
}

function adminPassword(): string {
  // captures/bdb_single.json: a 48-character alphanumeric string
  return randomString(48, alphabets.ALNUM)
}

/** The client-settable part of a body: read-only keys echoed back from a GET are ignored (schemas.ts). */
function writableFields(body: CreateBdbBody): JsonObject {
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(body)) {
    // alert_settings live with the alerts (alerts/), not in the bdb record
    if (key === 'uid' || key === 'alert_settings' || readOnlyBdbKeys().includes(key) || value === undefined) continue
    out[key] = value as JsonObject[string]
  }
  return out
}

/**
 * A function handing out fresh copies of JSON data. It is the data as an object literal, compiled once: far cheaper
 * per copy than a clone or JSON.parse, and the copies are fast-property objects (the captured bdb has ~140 keys, which
 * JSON.parse turns into slow dictionary objects). JSON text is a valid literal, except that a "__proto__" key would
 * set the prototype; then, or where code generation is disallowed, copies come from JSON.parse.
 */
function jsonFactory<T>(value: T): () => T {
  const text = JSON.stringify(value)
  if (!text.includes('"__proto__"')) {
    try {
      return new Function(`return ${text}`) as () => T
    } catch {
      // --disallow-code-generation-from-strings
    }
  }
  return () => JSON.parse(text) as T
}

const creationTemplates = new WeakMap<Catalogue, () => Bdb>()

/** A new database starts from the captured real bdb, minus what belonged to that one instance (a fresh copy each time). */
function creationDefaults(catalogue: Catalogue): Bdb {
  let make = creationTemplates.get(catalogue)
  if (!make) {
    make = jsonFactory({ ...catalogue.bdbTemplate, module_list: [], endpoints: [], shard_list: [] } as unknown as Bdb)
    creationTemplates.set(catalogue, make)
  }
  return make()
}

/** `realHost`: real-Redis mode, where the endpoint is the database's own redis-server. */
function endpointsFor(catalogue: Catalogue, slice: RedisEnterpriseSlice, bdb: Bdb, port: number, nodes: number, realHost?: string): JsonObject[] {
  const master = placeShards(bdb, nodes).find((s) => s.role === 'master')
  const template = (catalogue.bdbTemplate.endpoints as JsonObject[])[0]
  return [
    {
      ...template,
      addr: [realHost ?? nodeAddress(master?.node_uid ?? 1)],
      dns_name: realHost ?? `redis-${port}.${endpointDomain(catalogue, slice)}`,
      oss_cluster_api_preferred_endpoint_type: bdb.oss_cluster_api_preferred_endpoint_type,
      oss_cluster_api_preferred_ip_type: bdb.oss_cluster_api_preferred_ip_type,
      port,
      proxy_policy: bdb.proxy_policy,
      uid: `${bdb.uid}:1`,
    },
  ]
}

function applyVersionAndModules(config: Bdb, body: CreateBdbBody, catalogue: Catalogue): void {
  if (body.version !== undefined) {
    const resolved = resolveVersion(catalogue, config.type as string, body.version)
    if (resolved) {
      config.version = resolved.version
      if (resolved.redis_version) config.redis_version = resolved.redis_version
    }
  }
  if (body.module_list !== undefined) {
    config.module_list = resolveModules(catalogue, body.module_list as JsonObject[], config.redis_version as string) as unknown as JsonObject[]
  }
}

function checkName(name: string, slice: RedisEnterpriseSlice, settings: ClusterSettings, exceptUid?: number): void {
  if (!BDB_NAME.test(name)) {
    throw reError('invalid_schema', `name: "${name}" is not a valid database name (letters, digits and hyphens, starting and ending with a letter or digit, at most 63 characters)`)
  }
  // reference §9: duplicate database names are rejected (a configurable 409; the code is inferred)
  if (settings.uniqueDbNames && nameInUse(slice, name, exceptUid)) throw reError('name_already_exists', `A database named '${name}' already exists`)
}

function nextFreeUid(slice: RedisEnterpriseSlice): number {
  let uid = slice.sequences.bdb ?? 1
  while (slice.bdbs[String(uid)]) uid++
  return uid
}

/** Reserves `count` cluster-wide shard uids (sequence "shard"). */
function takeShardUids(slice: RedisEnterpriseSlice, count: number): number[] {
  const first = slice.sequences.shard ?? 1
  slice.sequences.shard = first + count
  return Array.from({ length: count }, (_, i) => first + i)
}

export function startAction(slice: RedisEnterpriseSlice, name: StateMachineName, bdbUid: number, now: number, delayMs: number): ActionRecord {
  const seq = slice.sequences.action ?? 1
  slice.sequences.action = seq + 1
  const action: ActionRecord = { seq, action_uid: uuid(), name, bdb_uid: bdbUid, started_at: now, due_at: now + delayMs }
  slice.actions[action.action_uid] = action
  return action
}

export interface CreateOptions {
  dryRun: boolean
  now: number
  recoveryPlan?: RecoveryFile[]
  /** Real-Redis mode: the port leased for the database's server. */
  realPort?: number
}

/** Builds the would-be database and checks every rule; touches nothing. */
function planCreate(services: Services, slice: RedisEnterpriseSlice, body: CreateBdbBody, options: CreateOptions): Bdb {
  const { catalogue, settings } = services
  if (licenseExpired(settings, slice, options.now)) throw reError('license_expired', 'redislabs license expired')
  // seed 004: name and memory_size are the required parameters
  if (body.name === undefined) throw reError('missing_db_name', 'DB name is a required property')
  if (body.memory_size === undefined) throw reError('missing_memory_size', 'Memory Size is a required property')
  checkName(body.name, slice, settings)
  if (body.uid !== undefined && slice.bdbs[String(body.uid)]) {
    throw reError('uid_exists', `The specified database UID ${body.uid} is already in use`)
  }
  // what `{ ...defaults, ...fields }` gives (same keys, same order), without copying the ~140 keys again
  const config = Object.assign(creationDefaults(catalogue), writableFields(body))
  // reference §2.1: memcached databases default to allkeys-lru
  if (config.type === 'memcached' && body.eviction_policy === undefined) config.eviction_policy = 'allkeys-lru'
  config.uid = body.uid ?? nextFreeUid(slice)
  // seed 004: internal databases exist (and cannot be deleted); the flag is kept from creation on
  if (body.internal === true) config.internal = true
  // reference §5.2: the cluster policy's defaults for what the body leaves out
  Object.assign(config, policyDefaults(slice, body, config))
  applyVersionAndModules(config, body, catalogue)
  checkBdbConfig(config, { mode: 'create', body, slice, catalogue, settings, now: options.now })
  checkRolesPermissions(slice, config.roles_permissions)
  if (options.recoveryPlan) checkRecoveryPlan(options.recoveryPlan, config, settings)
  const port = options.realPort ?? ((config.port as number) || firstFreePort(slice, catalogue))
  if (port === undefined) throw reError('port_unavailable', 'No free database port is left in the cluster')
  const first = slice.sequences.shard ?? 1
  config.shard_list = Array.from({ length: shardsNeeded(config) }, (_, i) => first + i)
  config.endpoints = endpointsFor(catalogue, slice, config, port, settings.nodes, services.realRedis?.host)
  config.status = 'pending'
  config.authentication_admin_pass = body.authentication_admin_pass ?? adminPassword()
  const time = wireTime(options.now)
  config.created_time = time
  config.last_changed_time = time
  return config
}

// seed 004 POST /v2/bdbs: "The recovery plan must match the number of shards requested for the database."
function checkRecoveryPlan(files: RecoveryFile[], config: Bdb, settings: ClusterSettings): void {
  if (files.length !== config.shards_count) {
    throw reError('invalid_recovery_plan', `The recovery plan has ${files.length} data files but the database has ${String(config.shards_count)} shards`)
  }
  for (const file of files) {
    const node = Number(file.node_uid)
    if (!/^\d+$/.test(file.node_uid) || node < 1 || node > settings.nodes) {
      throw reError('invalid_recovery_plan', `The recovery plan names node ${file.node_uid}, which is not in the cluster`)
    }
    if (!/^\d+-\d+$/.test(file.shard_slots)) throw reError('invalid_recovery_plan', `Invalid shard_slots "${file.shard_slots}"`)
  }
}

/**
 * Real-Redis mode: checks the request first (its errors come before resource errors), then leases the port of the
 * database's server. seed 004: past the server cap, insufficient_resources; a requested port that is taken on this
 * machine, port_unavailable.
 */
async function leaseBdbPort(services: Services, body: CreateBdbBody, options: CreateOptions): Promise<PortLease | undefined> {
  if (!services.realRedis) return undefined
  const plan = planCreate(services, readSlice(services), body, options)
  if (plan.type === 'memcached') return undefined // no redis-server for it (real-redis.ts)
  const wanted = (plan.endpoints as JsonObject[])[0].port as number
  let lease: PortLease
  try {
    lease = await services.realRedis.lease(wanted)
  } catch (err) {
    if (err instanceof RealRedisFullError) throw reError('insufficient_resources', `Not enough resources in cluster to host the database (${err.message})`)
    throw err
  }
  if (body.port && lease.port !== body.port) {
    lease.release()
    throw reError('port_unavailable', `Port ${body.port} is not available`)
  }
  return lease
}

/** A body already serialized with JSON.stringify, sent as res.json would send the value (routes.ts sendJson). */
export type JsonText = string & { readonly jsonText: unique symbol }

function jsonText(value: unknown): JsonText {
  return JSON.stringify(value) as JsonText
}

/** The created database, serialized (the response body). */
export async function createBdb(services: Services, body: CreateBdbBody, options: CreateOptions): Promise<JsonText> {
  if (options.dryRun) return jsonText(planCreate(services, readSlice(services), body, options))
  const lease = await leaseBdbPort(services, body, options)
  try {
    return await insertBdb(services, body, { ...options, realPort: lease?.port })
  } finally {
    lease?.release()
  }
}

async function insertBdb(services: Services, body: CreateBdbBody, options: CreateOptions): Promise<JsonText> {
  const delay = services.delays.get('redis-enterprise.bdb.create')
  // The stored bdb leaves the recipe as text, through `created` rather than as the recipe's result: the store would
  // deep-copy a result, and text is already detached from the live data.
  let created: JsonText | undefined
  await services.store.mutate<RedisEnterpriseSlice>(PROVIDER_ID, (draft, snapshot) => {
    const bdb = planCreate(services, snapshot, body, options)
    takeShardUids(draft, bdb.shard_list.length)
    if (body.uid === undefined) draft.sequences.bdb = bdb.uid + 1
    const action = startAction(draft, 'SMCreateBDB', bdb.uid, options.now, delay)
    bdb.action_uid = action.action_uid
    draft.bdbs[String(bdb.uid)] = bdb
    noteBdbChange(draft.bdbs, String(bdb.uid), bdb)
    scheduleTransition(draft, TRANSITIONS.created, action.due_at, { uid: bdb.uid, action: action.action_uid })
    if (body.alert_settings) applyBdbAlertSettings(draft, bdb.uid, body.alert_settings as BdbAlertSettingsBody)
    // reference-more §12 (DOC example): {"type":"cluster_bdb_created","bdb_uid":"1","bdb_name":"test"}
    logEvent(draft, options.now, 'cluster_bdb_created', { bdb_uid: String(bdb.uid), bdb_name: bdb.name })
    created = jsonText(bdb)
    // the last change of the bdb is above: the write-ahead log takes this text rather than serialising it again
    services.store.logWithText(bdb, created)
  })
  return created!
}

export interface UpdateOptions {
  dryRun: boolean
  now: number
  action?: BdbAction
}

function planUpdate(services: Services, slice: RedisEnterpriseSlice, uidParam: string, body: CreateBdbBody, options: UpdateOptions): Bdb {
  const { catalogue, settings } = services
  const previous = findBdb(slice, uidParam)
  if (body.uid !== undefined && body.uid !== previous.uid) {
    throw reError('invalid_schema', `uid: the uid of database ${previous.uid} cannot be changed`)
  }
  // seed 004: "403 Forbidden redislabs license expired" on the update-with-action endpoint
  if (options.action && licenseExpired(settings, slice, options.now)) throw reError('license_expired', 'redislabs license expired')
  // seed 004: 409 while the database is busy with another configuration change (or not active at all)
  if (previous.status !== 'active') {
    throw reError('busy', `Database ${previous.uid} is busy with another configuration change (status ${previous.status})`)
  }
  if (options.action === 'reset_admin_pass' && previous.crdt) {
    throw reError('not_supported_action_on_crdt', 'reset_admin_pass action is not allowed on CRDT enabled BDB')
  }
  if (body.name !== undefined) checkName(body.name, slice, settings, previous.uid)
  // bdb object docs: version "can only change during database creation and database upgrades" (not a PUT)
  if (body.version !== undefined && body.version !== previous.version && body.version !== previous.redis_version) {
    throw reError('invalid_version', `The version of database ${previous.uid} can only change through an upgrade`)
  }
  const config = { ...plainCopy(previous), ...writableFields(body) } as Bdb
  applyVersionAndModules(config, body, catalogue)
  checkBdbConfig(config, { mode: 'update', body, previous, slice, catalogue, settings, now: options.now })
  checkRolesPermissions(slice, config.roles_permissions)
  const port = (config.port as number) || ((previous.endpoints as JsonObject[])[0].port as number)
  config.endpoints = endpointsFor(catalogue, slice, config, port, settings.nodes, services.realRedis?.host)
  if (options.action === 'reset_admin_pass') config.authentication_admin_pass = adminPassword()
  return config
}

/**
 * Real-Redis mode: a PUT that moves the database to another port checks the request first, then takes that port for
 * its server (seed 004: port_unavailable when this machine has it taken).
 */
async function leaseMovedPort(services: Services, uidParam: string, body: CreateBdbBody, options: UpdateOptions): Promise<PortLease | undefined> {
  if (!services.realRedis || !body.port) return undefined
  const plan = planUpdate(services, readSlice(services), uidParam, body, options)
  const current = (findBdb(readSlice(services), uidParam).endpoints as JsonObject[])[0]?.port
  if (plan.type === 'memcached' || current === body.port) return undefined
  const lease = await services.realRedis.lease(body.port, true)
  if (lease.port !== body.port) {
    lease.release()
    throw reError('port_unavailable', `Port ${body.port} is not available`)
  }
  return lease
}

export async function updateBdb(services: Services, uidParam: string, body: CreateBdbBody, options: UpdateOptions): Promise<Bdb> {
  if (options.dryRun) return planUpdate(services, readSlice(services), uidParam, body, options)
  const lease = await leaseMovedPort(services, uidParam, body, options)
  let updated: Bdb
  try {
    updated = await applyUpdate(services, uidParam, body, options)
  } finally {
    lease?.release()
  }
  // seed 004: "Currently supported actions are: flush, reset_admin_pass"; in real-Redis mode flush empties the server
  if (options.action === 'flush') await services.realRedis?.flush(String(updated.uid))
  return updated
}

function applyUpdate(services: Services, uidParam: string, body: CreateBdbBody, options: UpdateOptions): Promise<Bdb> {
  const delay = services.delays.get('redis-enterprise.bdb.update')
  return services.store.mutate<RedisEnterpriseSlice, Bdb>(PROVIDER_ID, (draft, snapshot) => {
    const bdb = planUpdate(services, snapshot, uidParam, body, options)
    const previous = draft.bdbs[String(bdb.uid)]
    const needed = shardsNeeded(bdb)
    if (needed !== previous.shard_list.length) {
      const kept = previous.shard_list.slice(0, Math.min(needed, previous.shard_list.length))
      bdb.shard_list = [...kept, ...takeShardUids(draft, needed - kept.length)]
      bdb.endpoints = endpointsFor(services.catalogue, draft, bdb, (bdb.endpoints as JsonObject[])[0].port as number, services.settings.nodes, services.realRedis?.host)
    }
    const action = startAction(draft, 'SMUpdateBDB', bdb.uid, options.now, delay)
    bdb.status = 'active-change-pending'
    bdb.action_uid = action.action_uid
    bdb.last_changed_time = wireTime(options.now)
    draft.bdbs[String(bdb.uid)] = bdb
    noteBdbChange(draft.bdbs, String(bdb.uid), bdb)
    scheduleTransition(draft, TRANSITIONS.updated, action.due_at, { uid: bdb.uid, action: action.action_uid })
    if (body.alert_settings) applyBdbAlertSettings(draft, bdb.uid, body.alert_settings as BdbAlertSettingsBody)
    logBdbChanges(draft, options.now, previous, bdb)
    return bdb
  })
}

// fields that change on every update without a client asking: not logged
const UNLOGGED_FIELDS = new Set(['status', 'action_uid', 'last_changed_time', 'endpoints', 'shard_list'])

/** reference-more §12 (DOC example): one `bdb_<field>_updated` event with old_val/new_val per changed field. */
function logBdbChanges(draft: RedisEnterpriseSlice, now: number, previous: Bdb, next: Bdb): void {
  for (const [key, value] of Object.entries(next)) {
    if (UNLOGGED_FIELDS.has(key) || JSON.stringify(previous[key]) === JSON.stringify(value)) continue
    logEvent(draft, now, `bdb_${key}_updated`, { bdb_uid: String(next.uid), bdb_name: next.name, old_val: previous[key] ?? null, new_val: value })
  }
}

export async function deleteBdb(services: Services, uidParam: string, now: number): Promise<void> {
  const delay = services.delays.get('redis-enterprise.bdb.delete')
  await services.store.mutate<RedisEnterpriseSlice>(PROVIDER_ID, (draft) => {
    const bdb = findBdb(draft, uidParam)
    // seed 004: "403 Forbidden: Attempting to delete an internal database."
    if (bdb.internal === true) throw reError('internal_db', `Database ${bdb.uid} is an internal database and cannot be deleted`)
    // seed 004: 409 when the database is not 'active' or is busy with another change
    if (bdb.status !== 'active') {
      throw reError('busy', `Database ${bdb.uid} is not active and cannot be deleted (status ${bdb.status})`)
    }
    const action = startAction(draft, 'SMDeleteBDB', bdb.uid, now, delay)
    bdb.status = 'delete-pending'
    bdb.action_uid = action.action_uid
    scheduleTransition(draft, TRANSITIONS.deleted, action.due_at, { uid: bdb.uid, action: action.action_uid })
    logEvent(draft, now, 'cluster_bdb_deleted', { bdb_uid: String(bdb.uid), bdb_name: bdb.name })
  })
}
