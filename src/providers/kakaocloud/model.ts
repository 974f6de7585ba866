// KakaoCloud MemStore wire types (seed 001 field names), the slice, the fixture catalogue and time formats.
import type { Response } from 'express'
import { readFileSync } from 'node:fs'
import type { z } from 'zod'
import { join } from 'node:path'
import { emptyLifecycle, type LifecycleSlice } from '../../core/lifecycle.js'
import type { backupRecord, clusterRecord, parameterGroupRecord, subnetAssignment, tokenRecord } from './schemas.js'

// seed 001 / reference §5: the documented status spellings.
export const ClusterStatus = {
  Creating: 'Creating',
  Running: 'Running',
  Modifying: 'Modifying',
  Deleting: 'Deleting',
} as const
export type ClusterStatus = (typeof ClusterStatus)[keyof typeof ClusterStatus]

export const SYNC_STATUSES = ['In-Sync', 'Error-Sync', 'Suspended'] as const
export type ParameterGroupSyncStatus = (typeof SYNC_STATUSES)[number]

// Backup statuses are not in the retrieved docs (reference §4 [GAP]); Creating -> Available is inferred.
export const BackupStatus = { Creating: 'Creating', Available: 'Available' } as const

// The stored records' types come from the slice schema in schemas.ts, so the two cannot drift apart.
export type IdRef = { id: string }
export type SubnetAssignment = z.infer<ReturnType<typeof subnetAssignment>>
/** seed 001 "Retrieve cluster details": the same object for clusters (cluster mode) and instance sets. */
export type ClusterWire = z.infer<ReturnType<typeof clusterRecord>>
/** reference §4: the list shape is not documented; inferred from the create body and the list filters. */
export type ParameterGroupWire = z.infer<ReturnType<typeof parameterGroupRecord>>
/** reference §4: `{id, name, projectId, clusterName, clusterId, clusterMo…}`; the rest is inferred. */
export type BackupWire = z.infer<ReturnType<typeof backupRecord>>
/** An IAM token as the emulator remembers it (never sent as such; the Keystone body is built from it). */
export type TokenRecord = z.infer<ReturnType<typeof tokenRecord>>

export interface KakaocloudSlice extends LifecycleSlice {
  clusters: Record<string, ClusterWire>
  /** Custom parameter groups only; the default ones come from the catalogue. */
  parameterGroups: Record<string, ParameterGroupWire>
  /** Which project owns each custom parameter group (kept apart so it never leaks into the wire shape). */
  parameterGroupOwners: Record<string, string>
  backups: Record<string, BackupWire>
  tokens: Record<string, TokenRecord>
  /** The DB user's password per cluster (never on the wire); real-Redis mode enforces it. */
  dbUserPasswords?: Record<string, string>
}

export interface Flavor {
  id: string
  name: string
  vcpus: number
  memory: number
}

export interface Catalog {
  versions: string[]
  clusterModeVersions: string[]
  flavors: Flavor[]
  subnets: { id: string; name: string }[]
  securityGroups: { id: string; name: string }[]
  defaultParameterGroups: Omit<ParameterGroupWire, 'createdAt'>[]
  license: string
}

export interface Project {
  id: string
  name: string
  domain: { id: string; name: string }
}

export interface ApplicationCredential {
  id: string
  name: string
  secret: string
  userId: string
  projectId: string
  roles: string[]
}

export interface Credentials {
  projects: Project[]
  users: { id: string; name: string }[]
  roles: { id: string; name: string }[]
  applicationCredentials: ApplicationCredential[]
  readyMadeToken: { id: string; applicationCredentialId: string; issuedAt: string; expiresAt: string }
}

export const REGION = 'kr-central-2'

/** Default parameter groups exist before any project; a fixed creation time keeps their bodies stable. */
const DEFAULT_GROUP_CREATED_AT = '2024-01-01T00:00:00Z'

function readJson<T>(fixturesDir: string, file: string): T {
  return JSON.parse(readFileSync(join(fixturesDir, 'kakaocloud', file), 'utf-8')) as T
}

const catalogs = new Map<string, Catalog>()
const credentialSets = new Map<string, Credentials>()

export function loadCatalog(fixturesDir: string): Catalog {
  let found = catalogs.get(fixturesDir)
  if (!found) catalogs.set(fixturesDir, (found = readJson<Catalog>(fixturesDir, 'catalog.json')))
  return found
}

export function loadCredentials(fixturesDir: string): Credentials {
  let found = credentialSets.get(fixturesDir)
  if (!found) credentialSets.set(fixturesDir, (found = readJson<Credentials>(fixturesDir, 'credentials.json')))
  return found
}

export function defaultParameterGroups(catalog: Catalog): ParameterGroupWire[] {
  return catalog.defaultParameterGroups.map((group) => ({ ...group, createdAt: DEFAULT_GROUP_CREATED_AT }))
}

/** The built-in group with this id, as defaultParameterGroups lists it (only that one is copied). */
export function defaultParameterGroup(catalog: Catalog, id: string): ParameterGroupWire | undefined {
  const group = catalog.defaultParameterGroups.find((g) => g.objectId === id)
  return group && { ...group, createdAt: DEFAULT_GROUP_CREATED_AT }
}

/** seed 001 shows createdAt as an RFC3339 timestamp with whole seconds. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Keystone writes its timestamps with microseconds: 2026-01-15T22:00:00.000000Z. */
export function keystoneTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z')
}

export function emptySlice(fixturesDir: string): KakaocloudSlice {
  const ready = loadCredentials(fixturesDir).readyMadeToken
  const credential = loadCredentials(fixturesDir).applicationCredentials.find((c) => c.id === ready.applicationCredentialId)
  if (!credential) throw new Error('fixtures/kakaocloud/credentials.json: the ready-made token names an unknown credential')
  return {
    lifecycle: emptyLifecycle(),
    clusters: {},
    parameterGroups: {},
    parameterGroupOwners: {},
    backups: {},
    tokens: {
      [ready.id]: {
        applicationCredentialId: credential.id,
        projectId: credential.projectId,
        userId: credential.userId,
        auditId: 'ready-made-token',
        issuedAt: Date.parse(ready.issuedAt),
        expiresAt: Date.parse(ready.expiresAt),
      },
    },
  }
}

/** Emulator host names: the real ones are not documented; these make the shape visible (primary vs read). */
export function endpointsFor(cluster: Pick<ClusterWire, 'name' | 'objectId' | 'clusterEnabled'>, realHost?: string): ClusterWire['endpoints'] {
  const host = `${cluster.name}-${cluster.objectId.slice(0, 8)}`
  return {
    // real-Redis mode: both endpoints are the cluster's one redis-server
    primaryEndpoint: realHost ?? `${host}.primary.memstore.${REGION}.kakaocloud.internal`,
    // seed 001: "No read-only endpoint if using cluster mode".
    readEndpoint: cluster.clusterEnabled ? '' : (realHost ?? `${host}.read.memstore.${REGION}.kakaocloud.internal`),
  }
}

/**
 * seed 001: every MemStore response is `content-type: application/json; charset=UTF-8`. Express's res.json would
 * rewrite the charset to lower case, so the body is written directly.
 */
export function sendMemstoreJson(res: Response, status: number, body: unknown): void {
  res.status(status).setHeader('Content-Type', 'application/json; charset=UTF-8')
  res.end(JSON.stringify(body))
}
