// Project isolation by token (DESIGN "scope by project") and a real-file restart keeping tokens, clusters and a
// transition in flight.
import { describe, expect, it } from 'vitest'
import { createFileHarness, createHarness, tempDir } from '../../helpers/harness.js'
import { ADMIN_KEY, clusterBody, create, createRunning, defaultGroup, getCluster, instanceSetBody, issueToken, READY_TOKEN, SECOND_PROJECT_KEY } from '../../helpers/kakaocloud.js'

describe('kakaocloud project isolation', () => {
  it('a cluster, its backups and custom parameter groups are invisible to another project (404, empty lists)', async () => {
    const h = await createHarness()
    const other = await issueToken(h, SECOND_PROJECT_KEY)
    const id = await createRunning(h, 'instance-sets', instanceSetBody())
    await h.request('kakaocloud').post('/v1/backups').set('X-Auth-Token', READY_TOKEN).send({ clusterId: id, name: 'mine' }).expect(201)
    const group = await h.request('kakaocloud').post('/v1/parameter-groups').set('X-Auth-Token', READY_TOKEN).send({ parameterGroupId: defaultGroup('6.2.5', false).objectId, name: 'mine' })
    const as = (method: 'get' | 'post' | 'delete' | 'put', path: string) => h.request('kakaocloud')[method](path).set('X-Auth-Token', other)

    expect((await getCluster(h, id, other)).status).toBe(404)
    expect((await as('get', '/v1/clusters')).body).toEqual({ clusters: [] })
    expect((await as('get', '/v1/backups')).body).toEqual({ backups: [] })
    expect((await as('get', '/v1/parameter-groups?parameterGroupType=custom')).body).toEqual({ parameterGroups: [] })
    expect((await as('post', `/v1/clusters/${id}/parameter-group/apply`)).status).toBe(404)
    expect((await as('delete', `/v1/clusters/${id}`)).status).toBe(404)
    expect((await as('put', `/v1/_emulator/clusters/${id}/parameter-group-sync-status`).send({ parameterGroupSyncStatus: 'Suspended' })).status).toBe(404)
    expect((await as('post', '/v1/backups').send({ clusterId: id, name: 'theirs' })).status).toBe(404)
    // Another project's custom group cannot be used or copied.
    expect((await as('post', '/v1/parameter-groups').send({ parameterGroupId: group.body.objectId, name: 'copy' })).status).toBe(404)
    const res = await as('post', '/v1/instance-sets').send(instanceSetBody({ parameterGroupId: group.body.objectId }))
    expect(res.status).toBe(400)
    // Names are unique per project only: the other project may reuse them.
    expect((await as('post', '/v1/instance-sets').send(instanceSetBody())).status).toBe(201)
    // A token issued for the first project's credential sees the first project's cluster.
    expect((await getCluster(h, id, await issueToken(h, ADMIN_KEY))).status).toBe(200)
  })
})

describe('kakaocloud restart', () => {
  it('tokens, clusters, backups and in-flight transitions survive a restart on the same data dir', async () => {
    const { dir, cleanup } = await tempDir()
    try {
      const first = await createFileHarness(dir)
      const token = await issueToken(first, ADMIN_KEY)
      const running = await createRunning(first, 'instance-sets', instanceSetBody(), token)
      const creating = await create(first, 'clusters', clusterBody(), token)
      await first.request('kakaocloud').post('/v1/backups').set('X-Auth-Token', token).send({ clusterId: running, name: 'before-restart' }).expect(201)
      await first.emulator.store.flush()

      const second = await createFileHarness(dir, {}, first.clock)
      expect((await getCluster(second, creating, token)).body.status).toBe('Creating')
      expect((await getCluster(second, running, token)).body.status).toBe('Running')
      second.clock.advance(1000)
      expect((await getCluster(second, creating, token)).body.status).toBe('Running')
      const backups = await second.request('kakaocloud').get('/v1/backups').set('X-Auth-Token', token)
      expect(backups.body.backups.map((b: any) => [b.name, b.status])).toEqual([['before-restart', 'Available']])
      // The issued token still expires 12 h after issue, on the same clock.
      second.clock.advance(12 * 60 * 60 * 1000)
      expect((await getCluster(second, running, token)).status).toBe(401)
    } finally {
      await cleanup()
    }
  })
})
