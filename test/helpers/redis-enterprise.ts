// Redis Enterprise test helpers: default credentials per role, the captured bodies, and a harness with agents per role.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { EmulatorOptions } from '../../src/config.js'
import { createHarness, type Harness } from './harness.js'

export const RE = 'redis-enterprise'

// fixtures/redis-enterprise/default-users.json
export const CREDENTIALS = {
  admin: ['admin@redis.local', 'admin-pass'],
  cluster_member: ['cluster.member@redis.local', 'cluster-member-pass'],
  cluster_viewer: ['cluster.viewer@redis.local', 'cluster-viewer-pass'],
  db_member: ['db.member@redis.local', 'db-member-pass'],
  db_viewer: ['db.viewer@redis.local', 'db-viewer-pass'],
  user_manager: ['user.manager@redis.local', 'user-manager-pass'],
  none: ['none@redis.local', 'none-role-pass'],
} as const satisfies Record<string, readonly [string, string]>

export type RoleName = keyof typeof CREDENTIALS
export const ROLE_NAMES = Object.keys(CREDENTIALS) as RoleName[]

export const GB = 1024 * 1024 * 1024

/** A captured real response from fixtures/redis-enterprise/captures/. */
export function capture<T = any>(name: string): T {
  return JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/redis-enterprise/captures', `${name}.json`), 'utf-8')) as T
}

export interface ReHarness extends Harness {
  /** requests authenticated as the role's default user */
  as(role: RoleName): {
    get(path: string): any
    post(path: string, body?: unknown): any
    put(path: string, body?: unknown): any
    delete(path: string): any
  }
}

export async function createReHarness(settings: Record<string, number | boolean | string> = {}, options: EmulatorOptions = {}): Promise<ReHarness> {
  const h = await createHarness({ ...options, providers: { [RE]: { settings } } })
  return withRoles(h)
}

export function withRoles(h: Harness): ReHarness {
  const as = (role: RoleName) => {
    const [user, pass] = CREDENTIALS[role]
    const r = () => h.request(RE)
    return {
      get: (path: string) => r().get(path).auth(user, pass),
      post: (path: string, body?: unknown) => r().post(path).auth(user, pass).send(body as object),
      put: (path: string, body?: unknown) => r().put(path).auth(user, pass).send(body as object),
      delete: (path: string) => r().delete(path).auth(user, pass),
    }
  }
  return Object.assign(h, { as })
}

/** Creates a database as admin and moves the clock past the create delay so it is active. */
export async function createActiveBdb(h: ReHarness, body: Record<string, unknown> = {}): Promise<any> {
  const res = await h.as('admin').post('/v1/bdbs', { name: 'test-db', memory_size: GB, ...body })
  if (res.status !== 200) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`)
  h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.create'))
  const after = await h.as('admin').get(`/v1/bdbs/${res.body.uid}`)
  return after.body
}

/** The JSON type of a value, telling integers from floats and arrays from objects. */
export function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array'
  if (value === null) return 'null'
  return typeof value
}

export function typeMap(record: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, jsonType(v)]))
}

/** The error envelope (reference §4): exactly error_code, description and message (the same text). */
export function expectError(res: { status: number; body: any; headers: Record<string, string> }, status: number, code: string): void {
  const detail = `${res.status} ${JSON.stringify(res.body)}`
  if (res.status !== status) throw new Error(`expected status ${status}, got ${detail}`)
  if (!String(res.headers['content-type']).startsWith('application/json')) throw new Error(`not JSON: ${res.headers['content-type']}`)
  const keys = Object.keys(res.body ?? {}).sort().join(',')
  if (keys !== 'description,error_code,message') throw new Error(`envelope keys ${keys}: ${detail}`)
  if (res.body.error_code !== code) throw new Error(`expected error_code ${code}, got ${detail}`)
  if (typeof res.body.description !== 'string' || res.body.description.length === 0 || res.body.message !== res.body.description) {
    throw new Error(`description/message: ${detail}`)
  }
}
