// KakaoCloud test helpers: fixture credentials, tokens, valid create bodies and a key-for-key body shape.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FIXTURES_DIR } from '../../src/emulator.js'
import type { Response } from 'supertest'
import type { Harness } from './harness.js'

const dir = join(FIXTURES_DIR, 'kakaocloud')
export const credentials = JSON.parse(readFileSync(join(dir, 'credentials.json'), 'utf-8'))
export const catalog = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf-8'))

export function example(name: string): any {
  return JSON.parse(readFileSync(join(dir, 'examples', `${name}.json`), 'utf-8'))
}

export const READY_TOKEN: string = credentials.readyMadeToken.id
export const [ADMIN_KEY, SECOND_PROJECT_KEY, READER_KEY, NO_ROLE_KEY] = credentials.applicationCredentials
export const PROJECT_ID: string = ADMIN_KEY.projectId

export const FLAVOR_2 = catalog.flavors[0]
export const FLAVOR_8 = catalog.flavors[2]
export const [SUBNET_A, SUBNET_B, SUBNET_C] = catalog.subnets.map((s: { id: string }) => s.id)
export const [SG_DEFAULT, SG_CLIENTS] = catalog.securityGroups.map((s: { id: string }) => s.id)

export function defaultGroup(version: string, clusterMode: boolean): { objectId: string; name: string } {
  const group = catalog.defaultParameterGroups.find((g: any) => g.engineVersion === version && g.clusterMode === clusterMode)
  if (!group) throw new Error(`no default parameter group for ${version} cluster=${clusterMode}`)
  return group
}

export function tokenRequest(key: { id: string; secret: string }): object {
  return { auth: { identity: { methods: ['application_credential'], application_credential: { id: key.id, secret: key.secret } } } }
}

/** Issues a fresh IAM token for an application credential. */
export async function issueToken(h: Harness, key: { id: string; secret: string }): Promise<string> {
  const res = await h.request('kakaocloud').post('/identity/v3/auth/tokens').send(tokenRequest(key)).expect(201)
  return res.headers['x-subject-token']
}

/** reference §4: a valid cluster-mode body (2 shards of 3 nodes). */
export function clusterBody(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    name: 'test-cluster',
    description: 'test-cluster',
    version: '6.2.5',
    port: 6379,
    shardCount: 2,
    nodeCountPerShard: 3,
    flavorId: FLAVOR_8.id,
    parameterGroupId: defaultGroup('6.2.5', true).objectId,
    subnets: [{ id: SUBNET_A }, { id: SUBNET_B }],
    subnetAssignments: [
      { primary: { id: SUBNET_A }, replicas: [{ id: SUBNET_B }, { id: SUBNET_B }] },
      { primary: { id: SUBNET_B }, replicas: [{ id: SUBNET_A }, { id: SUBNET_A }] },
    ],
    securityGroups: [{ id: SG_DEFAULT }, { id: SG_CLIENTS }],
    user: { name: 'testusername', password: 'c2VjcmV0LWhhc2g=' },
    ...overrides,
  }
}

/** reference §4: a valid instance-set body (4 nodes in total). */
export function instanceSetBody(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    instanceSetName: 'test-instance-set',
    description: 'test-instance-group',
    version: '6.2.5',
    port: 6379,
    replicas: 4,
    flavorId: FLAVOR_2.id,
    recoveryEnabled: false,
    parameterGroupId: defaultGroup('6.2.5', false).objectId,
    subnets: [{ id: SUBNET_A }],
    subnetAssignments: [{ primary: { id: SUBNET_A }, replicas: [{ id: SUBNET_A }, { id: SUBNET_A }, { id: SUBNET_A }] }],
    securityGroups: [{ id: SG_DEFAULT }, { id: SG_CLIENTS }],
    backupSchedule: { cron: '* 1 * * *', retentionLimit: 15 },
    user: { name: 'testusername', password: 'c2VjcmV0LWhhc2g=' },
    ...overrides,
  }
}

type Kind = 'clusters' | 'instance-sets'

export async function create(h: Harness, kind: Kind, body: object, token = READY_TOKEN): Promise<string> {
  const res = await h.request('kakaocloud').post(`/v1/${kind}`).set('X-Auth-Token', token).send(body)
  if (res.status !== 201) throw new Error(`create ${kind} answered ${res.status}: ${JSON.stringify(res.body)}`)
  return res.body.objectId
}

/** Creates and lets the create delay pass, so the cluster is Running. */
export async function createRunning(h: Harness, kind: Kind, body: object, token = READY_TOKEN): Promise<string> {
  const id = await create(h, kind, body, token)
  h.clock.advance(h.emulator.delays.get('kakaocloud.cluster.create'))
  return id
}

export async function getCluster(h: Harness, id: string, token = READY_TOKEN): Promise<Response> {
  return h.request('kakaocloud').get(`/v1/clusters/${id}`).set('X-Auth-Token', token)
}

/** The key-for-key shape of a JSON value: same keys, same value types, same nesting. */
export function shapeOf(value: unknown): unknown {
  if (value === null) return 'null'
  if (Array.isArray(value)) return [...new Set(value.map((v) => JSON.stringify(shapeOf(v))))].map((s) => JSON.parse(s))
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, shapeOf(v)]).sort(([a], [b]) => String(a).localeCompare(String(b))))
  }
  return typeof value
}
