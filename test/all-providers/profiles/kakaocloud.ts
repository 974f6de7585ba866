// KakaoCloud for the hardening suites: IAM tokens (Keystone shape) and the MemStore routes (project-scoped, roles).
import { z } from 'zod'
import { KcErrors } from '../../../src/providers/kakaocloud/errors.js'
import {
  ADMIN_KEY,
  clusterBody,
  defaultGroup,
  instanceSetBody,
  NO_ROLE_KEY,
  READER_KEY,
  READY_TOKEN,
  SECOND_PROJECT_KEY,
  tokenRequest,
} from '../../helpers/kakaocloud.js'
import type { Answer, Auth, Client, Outgoing } from '../client.js'
import { jsonRequest as json, parseJson } from '../client.js'
import { headReading, readJsonError } from './shared.js'
import type { Fixture, Profile, RouteSpec } from './types.js'

const token = (value: string): Auth => () => ({ 'x-auth-token': value })


async function issue(client: Client, key: { id: string; secret: string }): Promise<string> {
  const res = await client.send(json('POST', '/identity/v3/auth/tokens', tokenRequest(key)))
  if (res.status !== 201) throw new Error(`token: ${res.status} ${res.text}`)
  return String(res.headers['x-subject-token'])
}

async function created(client: Client, request: Outgoing): Promise<string> {
  const res = await client.send(request, token(READY_TOKEN))
  if (res.status !== 201) throw new Error(`prepare ${request.path}: ${res.status} ${res.text}`)
  return parseJson(res).objectId
}

// src/providers/kakaocloud/auth.ts: project_admin/member write, reader only reads, a token without a role nothing.
const READERS = ['admin', 'reader']
const WRITERS = ['admin']
const TOKENS = '/identity/v3/auth/tokens'
const subject = (f: Fixture) => ({ 'x-subject-token': f.values.subject })

const memstore = (name: string, method: RouteSpec['method'], path: string, extra: Partial<RouteSpec> = {}): RouteSpec => ({
  name,
  method,
  path,
  ok: 200,
  writes: method !== 'GET',
  roles: method === 'GET' ? READERS : WRITERS,
  scope: 'open',
  ...extra,
})

const routes: RouteSpec[] = [
  { name: 'issue token', method: 'POST', path: TOKENS, body: () => tokenRequest(ADMIN_KEY), ok: 201, writes: true, scope: 'open', login: true },
  // Keystone token_subject (issue 22): the subject is the developer's token, so only the developer's own keys (the
  // admin role here, and B: the same user in another project) may read or revoke it; the viewer's keys get 403.
  { name: 'validate token', method: 'GET', path: TOKENS, headers: subject, ok: 200, writes: false, scope: 'open', roles: ['admin'] },
  { name: 'check token', method: 'HEAD', path: TOKENS, headers: subject, ok: 200, writes: false, scope: 'open', roles: ['admin'] },
  { name: 'revoke token', method: 'DELETE', path: TOKENS, headers: subject, ok: 204, writes: true, scope: 'open', roles: ['admin'] },
  memstore('versions', 'GET', '/v1/redis/versions'),
  memstore('flavors', 'GET', '/v1/redis/flavors'),
  memstore('list clusters', 'GET', '/v1/clusters', { scope: 'listing', listed: (a) => parseJson(a).clusters.map((c: { objectId: string }) => c.objectId) }),
  memstore('get cluster', 'GET', '/v1/clusters/{cluster}', { scope: 'hidden' }),
  memstore('apply parameter group', 'POST', '/v1/clusters/{cluster}/parameter-group/apply', {
    scope: 'hidden',
    arrange: async (client, f) => {
      await client.send(json('PUT', `/v1/_emulator/clusters/${f.params.cluster}/parameter-group-sync-status`, { parameterGroupSyncStatus: 'Error-Sync' }), f.a)
    },
  }),
  memstore('create cluster', 'POST', '/v1/clusters', { body: () => clusterBody({ name: 'new-cluster' }), ok: 201 }),
  memstore('create instance set', 'POST', '/v1/instance-sets', { body: () => instanceSetBody({ instanceSetName: 'new-set' }), ok: 201 }),
  memstore('delete cluster', 'DELETE', '/v1/clusters/{cluster}', { scope: 'hidden' }),
  memstore('delete instance set', 'DELETE', '/v1/instance-sets/{set}', { scope: 'hidden' }),
  memstore('list parameter groups', 'GET', '/v1/parameter-groups', {
    scope: 'listing',
    listed: (a) => parseJson(a).parameterGroups.map((g: { objectId: string }) => g.objectId),
  }),
  // A copy of A's own custom group: another project cannot see the base (404).
  memstore('create parameter group', 'POST', '/v1/parameter-groups', { body: (f) => ({ parameterGroupId: f.values.group, name: 'new-group' }), ok: 201, scope: 'hidden' }),
  memstore('list backups', 'GET', '/v1/backups', { scope: 'listing', listed: (a) => parseJson(a).backups.map((b: { id: string }) => b.id) }),
  memstore('create backup', 'POST', '/v1/backups', { body: (f) => ({ clusterId: f.params.set, name: 'new-backup' }), ok: 201, scope: 'hidden' }),
  memstore('force sync status (emulator)', 'PUT', '/v1/_emulator/clusters/{cluster}/parameter-group-sync-status', {
    body: () => ({ parameterGroupSyncStatus: 'Suspended' }),
    scope: 'hidden',
  }),
]

const memstoreEnvelope = z.strictObject({ error: z.strictObject({ code: z.string().min(1), message: z.string() }) })
const keystoneEnvelope = z.strictObject({ error: z.strictObject({ code: z.number().int(), message: z.string(), title: z.string().min(1) }) })
const isIdentity = (path: string) => path.startsWith('/identity/')

export const kakaocloudProfile: Profile = {
  id: 'kakaocloud',
  listener: 'kakaocloud',
  async prepare(client, emulator) {
    const a = token(READY_TOKEN)
    const cluster = await created(client, json('POST', '/v1/clusters', clusterBody({ name: 'fixture-cluster' })))
    const set = await created(client, json('POST', '/v1/instance-sets', instanceSetBody({ instanceSetName: 'fixture-set' })))
    const group = await created(client, json('POST', '/v1/parameter-groups', { parameterGroupId: defaultGroup('6.2.5', false).objectId, name: 'fixture-group' }))
    const revoked = await issue(client, ADMIN_KEY)
    await client.send({ method: 'DELETE', path: TOKENS, headers: { 'x-subject-token': revoked } }, a)
    const fixture: Fixture = {
      params: { cluster, set },
      values: { group, subject: await issue(client, ADMIN_KEY) },
      a,
      b: token(await issue(client, SECOND_PROJECT_KEY)),
      wrong: {
        'unknown token': token('gAAAAABnot-a-token-the-emulator-issued'),
        'revoked token': token(revoked),
        'empty token': token(''),
        'Bearer instead of X-Auth-Token': () => ({ authorization: `Bearer ${READY_TOKEN}` }),
      },
      roles: { admin: a, reader: token(await issue(client, READER_KEY)), none: token(await issue(client, NO_ROLE_KEY)) },
    }
    emulator.clock.advance(60_000)
    // a finished backup of the (now Running) instance set, so listings have one to hide from other projects
    fixture.values.backup = await created(client, json('POST', '/v1/backups', { clusterId: set, name: 'fixture-backup' }))
    emulator.clock.advance(60_000)
    await client.send({ method: 'GET', path: '/v1/clusters' }, a)
    return fixture
  },
  routes,
  readError(request: Outgoing, answer: Answer) {
    const head = headReading(request)
    if (head) return head
    if (isIdentity(request.path)) {
      // reference §1 [SDK model_keystone_error]: the IAM endpoint answers in Keystone's shape
      const read = readJsonError(answer, keystoneEnvelope)
      if ('problem' in read) return read
      if (read.value.error.code !== answer.status) return { problem: `Keystone code ${read.value.error.code} but HTTP ${answer.status}` }
      return { code: String(read.value.error.code) }
    }
    // seed 001: MemStore answers `application/json; charset=UTF-8`
    const read = readJsonError(answer, memstoreEnvelope, /^application\/json; charset=UTF-8$/)
    if ('problem' in read) return read
    if ((KcErrors as Record<string, number>)[read.value.error.code] !== answer.status) return { problem: `code ${read.value.error.code} with HTTP ${answer.status}` }
    return { code: read.value.error.code }
  },
  codes: {
    unauthenticated: (route) => (isIdentity(route.path) ? '401' : 'Unauthorized'),
    forbidden: (route) => (isIdentity(route.path) ? '403' : 'Forbidden'),
    notFound: () => 'NotFound',
    tooLarge: (route) => (isIdentity(route.path) ? '413' : 'RequestEntityTooLarge'),
  },
  concurrency: {
    create: (i) => json('POST', '/v1/instance-sets', instanceSetBody({ instanceSetName: `conc-set-${i}` })),
    createdId: (a) => parseJson(a).objectId,
    uniques: (a) => [parseJson(a).objectId],
    list: () => ({ method: 'GET', path: '/v1/clusters' }),
    listedIds: (a) => parseJson(a).clusters.map((c: { objectId: string }) => c.objectId),
    update: (i, f) => {
      // never In-Sync, the state it starts in, so a reverted update is visible
      const value = i % 2 ? 'Error-Sync' : 'Suspended'
      const request = json('PUT', `/v1/_emulator/clusters/${f.params.cluster}/parameter-group-sync-status`, { parameterGroupSyncStatus: value })
      return { request, field: 'parameterGroupSyncStatus', value }
    },
    read: (f) => ({ method: 'GET', path: `/v1/clusters/${f.params.cluster}` }),
    fieldOf: (a, field) => parseJson(a)[field],
    remove: (f) => ({ method: 'DELETE', path: `/v1/clusters/${f.params.cluster}` }),
    // inferred (README): a duplicate cluster name in a project is 409
    duplicate: { create: () => json('POST', '/v1/instance-sets', instanceSetBody({ instanceSetName: 'same-name' })), status: 409, code: 'Conflict' },
  },
}
