// Redis Enterprise wire types, the slice, the catalogue loaded from fixtures/ and the projections sent on the wire.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { emptyLifecycle, type LifecycleSlice } from '../../core/lifecycle.js'
import { emptyEventLog, type EventLogSlice } from './logs/model.js'
import { emptyAlerts, type AlertsSlice } from './alerts/model.js'
import { defaultLdapConfig, MANAGEMENT_ROLES, sortedKeys, type AccessSlice, type RedisAcl, type RoleRecord } from './access/model.js'

export type { RoleRecord } from './access/model.js'
import { loadSetupCatalogue, type SetupCatalogue } from './cluster/catalogue.js'
import type { ClusterRecord } from './cluster/state.js'
import { isoSecondsUtc } from '../../core/wire-time.js'

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
export type JsonObject = { [key: string]: Json }

/** A bdb exactly as the cluster sends it (keys of captures/bdb_single.json, plus action_uid while a machine runs). */
export type Bdb = JsonObject & { uid: number; name: string; status: BdbStatus; shard_list: number[] }

// reference §2.1: the documented status values; the emulator reaches the first four.
export type BdbStatus = 'pending' | 'active' | 'active-change-pending' | 'delete-pending' | 'import-pending' | 'creation-failed' | 'recovery'

// reference-more §1.1: the seven management roles (user_manager and none included)
export const ROLES = MANAGEMENT_ROLES
export type Role = (typeof ROLES)[number]

export interface User {
  auth_method: string
  certificate_subject_line: string
  email: string
  email_alerts: boolean
  name: string
  password_issue_date: string
  role: Role
  role_uids: number[]
  status: 'active' | 'locked'
  uid: number
}

export type StateMachineName = 'SMCreateBDB' | 'SMUpdateBDB' | 'SMDeleteBDB' | OperationMachineName
// operations/ (reference-more §15, §20): export, import, traffic control, recovery
export type OperationMachineName = 'SMExportBDB' | 'SMImportBDB' | 'SMStopTraffic' | 'SMResumeTraffic' | 'SMRecoverBDB'

/** Bookkeeping for one state machine; the wire shapes are projected from it by the clock (see actions.ts). */
export interface ActionRecord {
  /** queue order, for stable listing */
  seq: number
  action_uid: string
  name: StateMachineName
  bdb_uid: number
  started_at: number
  due_at: number
  /** The machine ends `failed` (not `completed`) at its deadline, with this error text. */
  error?: string
}

export interface RedisEnterpriseSlice extends LifecycleSlice, AccessSlice, EventLogSlice, AlertsSlice {
  /** keyed by String(uid) */
  bdbs: Record<string, Bdb>
  /** keyed by String(uid) */
  users: Record<string, User>
  /** user uid -> password; never sent on the wire */
  passwords: Record<string, string>
  /** keyed by action_uid */
  actions: Record<string, ActionRecord>
  sequences: Record<string, number>
  /** the cluster's configuration (cluster/state.ts); absent in slices written before it existed */
  cluster?: ClusterRecord
}

interface DefaultUser {
  uid: number
  email: string
  password: string
  name: string
  role: Role
}

/** The static parts of the emulated cluster, read once from fixtures/redis-enterprise/. */
export interface Catalogue {
  bdbTemplate: JsonObject
  cluster: JsonObject
  nodeTemplate: JsonObject
  bootstrap: JsonObject
  license: JsonObject
  modules: JsonObject[]
  shardTemplate: JsonObject
  userTemplate: JsonObject
  stateMachineTemplate: JsonObject
  roles: RoleRecord[]
  redisAcls: RedisAcl[]
  defaultUsers: DefaultUser[]
  setup: SetupCatalogue
}

const catalogues = new Map<string, Catalogue>()

function readJson<T>(dir: string, file: string): T {
  return JSON.parse(readFileSync(join(dir, 'redis-enterprise', file), 'utf-8')) as T
}

export function loadCatalogue(fixturesDir: string): Catalogue {
  const cached = catalogues.get(fixturesDir)
  if (cached) return cached
  const catalogue: Catalogue = {
    bdbTemplate: readJson(fixturesDir, 'captures/bdb_single.json'),
    cluster: readJson(fixturesDir, 'captures/cluster.json'),
    nodeTemplate: readJson(fixturesDir, 'captures/node_single.json'),
    bootstrap: readJson(fixturesDir, 'captures/bootstrap_status.json'),
    license: readJson(fixturesDir, 'captures/license.json'),
    modules: readJson(fixturesDir, 'captures/modules_list.json'),
    shardTemplate: readJson<JsonObject[]>(fixturesDir, 'captures/shards_list.json')[0],
    userTemplate: readJson(fixturesDir, 'captures/user_single.json'),
    stateMachineTemplate: readJson<{ 'state-machines': JsonObject[] }>(fixturesDir, 'captures/actions_list.json')['state-machines'][0],
    roles: readJson(fixturesDir, 'roles.json'),
    redisAcls: readJson(fixturesDir, 'redis-acls.json'),
    defaultUsers: readJson(fixturesDir, 'default-users.json'),
    setup: loadSetupCatalogue(fixturesDir),
  }
  catalogues.set(fixturesDir, catalogue)
  return catalogue
}

export function roleUid(catalogue: Catalogue, role: Role): number {
  return catalogue.roles.find((r) => r.management === role)!.uid
}

export function buildUser(catalogue: Catalogue, fields: { uid: number; email: string; name: string; role: Role; password_issue_date: string; email_alerts?: boolean; role_uids?: number[] }): User {
  const template = catalogue.userTemplate as unknown as User
  return {
    ...template,
    email: fields.email,
    email_alerts: fields.email_alerts ?? template.email_alerts,
    name: fields.name,
    password_issue_date: fields.password_issue_date,
    role: fields.role,
    role_uids: fields.role_uids ?? [roleUid(catalogue, fields.role)],
    status: 'active',
    uid: fields.uid,
  }
}

export function emptySlice(fixturesDir: string): RedisEnterpriseSlice {
  const catalogue = loadCatalogue(fixturesDir)
  const issued = (catalogue.userTemplate.password_issue_date as string) ?? ''
  const users: Record<string, User> = {}
  const passwords: Record<string, string> = {}
  for (const u of catalogue.defaultUsers) {
    users[String(u.uid)] = buildUser(catalogue, { ...u, password_issue_date: issued })
    passwords[String(u.uid)] = u.password
  }
  const next = (records: { uid: number }[]) => Math.max(0, ...records.map((r) => r.uid)) + 1
  // reference-more §3.1, §3.3: the built-in roles and Redis ACLs a new cluster has
  const roles = Object.fromEntries(catalogue.roles.map((r) => [String(r.uid), sortedKeys(r)]))
  const acls = Object.fromEntries(catalogue.redisAcls.map((a) => [String(a.uid), sortedKeys(a)]))
  return {
    lifecycle: emptyLifecycle(),
    bdbs: {},
    users,
    passwords,
    actions: {},
    roles,
    redis_acls: acls,
    ldap_mappings: {},
    ldap: defaultLdapConfig(),
    bdb_passwords: {},
    event_log: emptyEventLog(),
    alerts: emptyAlerts(),
    sequences: { user: next(catalogue.defaultUsers), role: next(catalogue.roles), redis_acl: next(catalogue.redisAcls), ldap_mapping: 1 },
  }
}

/** reference §2.1: created_time / last_changed_time are `YYYY-MM-DDTHH:MM:SSZ`, UTC, no fraction. */
export function wireTime(ms: number): string {
  return isoSecondsUtc(ms)
}

/** seed 004 `?fields=a,b`: only the named keys (unknown names are skipped); absent or empty means every key. */
export function projectFields<T extends Record<string, unknown>>(record: T, fields: string[] | undefined): Partial<T> {
  if (!fields || fields.length === 0) return record
  const out: Partial<T> = {}
  for (const f of fields) if (Object.hasOwn(record, f)) (out as Record<string, unknown>)[f] = record[f]
  return out
}

/** Reads `?fields=` (repeated or comma-separated) into a list of names. */
export function parseFields(value: unknown): string[] | undefined {
  const parts = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string')
  const names = parts.flatMap((p) => p.split(',')).map((s) => s.trim()).filter(Boolean)
  return names.length ? names : undefined
}
