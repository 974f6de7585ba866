// The provider's optional control-plane hooks: validateSlice (seed / state import) and accountOf (per-project tooling).
import type { Request } from 'express'
import { describe, expect, it } from 'vitest'
import { kakaocloud } from '../../../src/providers/kakaocloud/index.js'
import { FIXTURES_DIR } from '../../../src/emulator.js'
import { createHarness } from '../../helpers/harness.js'
import { ADMIN_KEY, createRunning, instanceSetBody, issueToken, PROJECT_ID, READY_TOKEN, SECOND_PROJECT_KEY } from '../../helpers/kakaocloud.js'

function fakeRequest(headers: Record<string, string>, body?: unknown): Request {
  return { get: (name: string) => headers[name.toLowerCase()], body } as unknown as Request
}

describe('kakaocloud hooks', () => {
  it('validateSlice accepts the empty slice and a populated one, and names the first problem of a broken one', async () => {
    expect(kakaocloud.validateSlice(kakaocloud.emptyState({ fixturesDir: FIXTURES_DIR }))).toBeUndefined()
    const h = await createHarness()
    const id = await createRunning(h, 'instance-sets', instanceSetBody())
    await h.request('kakaocloud').post('/v1/backups').set('X-Auth-Token', READY_TOKEN).send({ clusterId: id, name: 'b1' }).expect(201)
    const slice = h.emulator.store.read<any>('kakaocloud')
    expect(kakaocloud.validateSlice(slice)).toBeUndefined()
    expect(kakaocloud.validateSlice({ ...slice, clusters: null })).toMatch(/^clusters: /)
    expect(kakaocloud.validateSlice({ ...slice, clusters: { [id]: { ...slice.clusters[id], port: '6379' } } })).toMatch(new RegExp(`^clusters.${id}.port: `))
    expect(kakaocloud.validateSlice({ ...slice, backups: { x: { name: 'b' } } })).toMatch(/^backups.x.id: /)
    // records are answered as stored: a key the API never sends, or a status no state machine knows, is refused
    const cluster = slice.clusters[id]
    expect(kakaocloud.validateSlice({ ...slice, clusters: { [id]: { ...cluster, extra: 1 } } })).toMatch(new RegExp(`^clusters.${id}: Unrecognized key`))
    const replicaWithUid = { ...cluster, subnetAssignments: [{ ...cluster.subnetAssignments[0], primary: { id: 'subnet', uid: 'x' } }] }
    expect(kakaocloud.validateSlice({ ...slice, clusters: { [id]: replicaWithUid } })).toMatch(new RegExp(`^clusters.${id}.subnetAssignments.0.primary: Unrecognized key`))
    expect(kakaocloud.validateSlice({ ...slice, clusters: { [id]: { ...cluster, status: 'Sleeping' } } })).toMatch(new RegExp(`^clusters.${id}.status: `))
    const backupId = Object.keys(slice.backups)[0]!
    expect(kakaocloud.validateSlice({ ...slice, backups: { [backupId]: { ...slice.backups[backupId], status: 'Gone' } } })).toMatch(new RegExp(`^backups.${backupId}.status: `))
  })

  it('accountOf reads the project from X-Auth-Token, or from the credential of a token request', async () => {
    const h = await createHarness()
    const ctx = h.emulator.contexts.get('kakaocloud')!
    expect(kakaocloud.accountOf(fakeRequest({ 'x-auth-token': READY_TOKEN }), ctx)).toBe(PROJECT_ID)
    const other = await issueToken(h, SECOND_PROJECT_KEY)
    expect(kakaocloud.accountOf(fakeRequest({ 'x-auth-token': other }), ctx)).toBe(SECOND_PROJECT_KEY.projectId)
    const tokenRequest = { auth: { identity: { methods: ['application_credential'], application_credential: { id: ADMIN_KEY.id, secret: 'unchecked' } } } }
    expect(kakaocloud.accountOf(fakeRequest({}, tokenRequest), ctx)).toBe(PROJECT_ID)
    expect(kakaocloud.accountOf(fakeRequest({ 'x-auth-token': 'unknown' }), ctx)).toBeUndefined()
    expect(kakaocloud.accountOf(fakeRequest({}, 'not json'), ctx)).toBeUndefined()
  })
})
