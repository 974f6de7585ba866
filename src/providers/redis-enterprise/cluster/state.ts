// The cluster's own configuration in the slice: what bootstrap and the cluster write routes changed over the defaults.
import type { Json, JsonObject, RedisEnterpriseSlice, User } from '../model.js'

export const BOOTSTRAP_ACTIONS = ['create_cluster', 'join_cluster', 'recover_cluster'] as const
export type BootstrapAction = (typeof BOOTSTRAP_ACTIONS)[number]

// D:requests/bootstrap: the documented states
export const BOOTSTRAP_STATES = ['idle', 'initiated', 'creating_cluster', 'joining_cluster', 'recovering_cluster', 'completed', 'error'] as const
export type BootstrapState = (typeof BOOTSTRAP_STATES)[number]

/** A licence installed by PUT /v1/license or by bootstrap (the trial one when the request named none). */
export interface InstalledLicense {
  /** the key text as uploaded ('' for the trial licence, as captured) */
  key: string
  /** the licence text GET /v1/license shows */
  license: string
  activation_date: string
  expiration_date: string
  shards_limit: number
  ram_shards_limit: number | null
  flash_shards_limit: number | null
  features: string[]
  owner: string | null
  cluster_name: string | null
}

/** What a bootstrap request leaves once it completes; decided when it is accepted, applied at completion. */
export interface BootstrapOutcome {
  admin: User
  password: string
  cluster: JsonObject
  policy: JsonObject
  license: InstalledLicense
  suffixes: JsonObject[]
  node: JsonObject
}

export interface BootstrapRecord {
  action?: BootstrapAction
  state: BootstrapState
  start_time?: string
  end_time?: string
  error_code?: string
  error_details?: { message: string }
  /** counts accepted requests, so a stale transition of an earlier attempt does nothing */
  attempt: number
  /** the error the accepted request ends in (internal, never sent) */
  failure?: { error_code: string; message: string }
  /** the accepted request's effects, applied when it completes (internal, never sent) */
  outcome?: BootstrapOutcome
}

export interface ClusterRecord {
  /** absent: the start mode decides (--redis-enterprise-bootstrapped) */
  bootstrap?: BootstrapRecord
  /** changes to the cluster object (captures/cluster.json): PUT /v1/cluster, the bootstrapped name and time */
  cluster: JsonObject
  /** changes to the cluster policy (cluster_settings object) */
  policy: JsonObject
  /** service name -> { operating_mode } changed by PUT /v1/cluster/services_configuration */
  services: Record<string, JsonObject>
  /** certificate name -> the installed pair */
  certificates: Record<string, { certificate: string; key: string }>
  /** absent: the start-mode licence (flags --redis-enterprise-shards-limit and --redis-enterprise-license-expired) */
  license?: InstalledLicense
  /** changes to the OCSP configuration, and the last status a query gave */
  ocsp: JsonObject
  ocsp_status?: JsonObject
  /** proxy uid (= node uid) -> changed proxy fields */
  proxies: Record<string, JsonObject>
  /** absent: one default suffix named after the cluster */
  suffixes?: JsonObject[]
  /** fields of node 1 the bootstrap request set (identity and paths) */
  node: JsonObject
}

const EMPTY: ClusterRecord = Object.freeze({ cluster: {}, policy: {}, services: {}, certificates: {}, ocsp: {}, proxies: {}, node: {} }) as ClusterRecord

export function emptyClusterRecord(): ClusterRecord {
  return { cluster: {}, policy: {}, services: {}, certificates: {}, ocsp: {}, proxies: {}, node: {} }
}

/** The stored cluster record (read-only), or the empty one for a slice written before it existed. */
export function clusterRecord(slice: RedisEnterpriseSlice): ClusterRecord {
  return slice.cluster ?? EMPTY
}

/** The cluster record of a draft, created on first write. */
export function draftClusterRecord(draft: RedisEnterpriseSlice): ClusterRecord {
  if (!draft.cluster) draft.cluster = emptyClusterRecord()
  return draft.cluster
}

/** An object with its keys in alphabetical order, as every captured Redis Enterprise body has them (reference §1.2). */
export function sortedKeys<T extends Record<string, Json | undefined>>(record: T): T {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]])) as T
}
