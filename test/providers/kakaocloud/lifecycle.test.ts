// reference §5 state machines on the frozen clock: Creating -> Running, Modifying -> Running (parameter group re-apply),
// Deleting -> gone, and the parameterGroupSyncStatus values In-Sync / Error-Sync / Suspended.
import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../../helpers/harness.js'
import { clusterBody, create, createRunning, getCluster, instanceSetBody, READY_TOKEN } from '../../helpers/kakaocloud.js'

const CREATE = 1000
const MODIFY = 500
const DELETE = 500

describe('kakaocloud lifecycle (reference §5)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })
  const request = () => h.request('kakaocloud')
  const forceSync = (id: string, parameterGroupSyncStatus: unknown) =>
    request().put(`/v1/_emulator/clusters/${id}/parameter-group-sync-status`).set('X-Auth-Token', READY_TOKEN).send({ parameterGroupSyncStatus })
  const apply = (id: string) => request().post(`/v1/clusters/${id}/parameter-group/apply`).set('X-Auth-Token', READY_TOKEN)
  const remove = (path: string) => request().delete(path).set('X-Auth-Token', READY_TOKEN)

  it('the named delays have their defaults', () => {
    expect(h.emulator.delays.all()).toMatchObject({
      'kakaocloud.cluster.create': CREATE,
      'kakaocloud.cluster.modify': MODIFY,
      'kakaocloud.cluster.delete': DELETE,
      'kakaocloud.backup.create': 500,
    })
  })

  // The issue text says "Available", but KakaoCloud's own status table (reference §5, memstore-main) says Running.
  it('Creating -> Running after kakaocloud.cluster.create; endpoints appear, read endpoint only without cluster mode', async () => {
    const clusterId = await create(h, 'clusters', clusterBody())
    const setId = await create(h, 'instance-sets', instanceSetBody())
    h.clock.advance(CREATE - 1)
    expect((await getCluster(h, clusterId)).body.status).toBe('Creating')
    h.clock.advance(1)
    const cluster = (await getCluster(h, clusterId)).body
    expect(cluster.status).toBe('Running')
    expect(cluster.endpoints).toEqual({ primaryEndpoint: `test-cluster-${clusterId.slice(0, 8)}.primary.memstore.kr-central-2.kakaocloud.internal`, readEndpoint: '' })
    const set = (await getCluster(h, setId)).body
    expect(set.status).toBe('Running')
    expect(set.endpoints).toEqual({
      primaryEndpoint: `test-instance-set-${setId.slice(0, 8)}.primary.memstore.kr-central-2.kakaocloud.internal`,
      readEndpoint: `test-instance-set-${setId.slice(0, 8)}.read.memstore.kr-central-2.kakaocloud.internal`,
    })
  })

  it('a zero delay means the next request already sees Running', async () => {
    h.emulator.delays.set({ 'kakaocloud.cluster.create': 0 })
    const id = await create(h, 'clusters', clusterBody())
    expect((await getCluster(h, id)).body.status).toBe('Running')
  })

  it('seed 001: re-apply is refused (400) while In-Sync; after Error-Sync it is Modifying, then Running and In-Sync', async () => {
    const id = await createRunning(h, 'instance-sets', instanceSetBody())
    let res = await apply(id)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ error: { code: 'BadRequest', message: `the parameter group of cluster ${id} is already In-Sync` } })

    res = await forceSync(id, 'Error-Sync')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ objectId: id, parameterGroupSyncStatus: 'Error-Sync', status: 'Running' })

    res = await apply(id)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ objectId: id }) // seed 001 example: {"objectId": ...}
    let cluster = (await getCluster(h, id)).body
    expect([cluster.status, cluster.parameterGroupSyncStatus]).toEqual(['Modifying', 'Error-Sync'])
    // While Modifying, another apply is refused (seed 001 lists 400, no 409).
    expect((await apply(id)).status).toBe(400)
    h.clock.advance(MODIFY)
    cluster = (await getCluster(h, id)).body
    expect([cluster.status, cluster.parameterGroupSyncStatus]).toEqual(['Running', 'In-Sync'])
  })

  it('seed 001: Suspended is also a non-normal sync status the re-apply fixes (cluster mode too)', async () => {
    const id = await createRunning(h, 'clusters', clusterBody())
    await forceSync(id, 'Suspended').expect(200)
    expect((await apply(id)).status).toBe(200)
    h.clock.advance(MODIFY)
    expect((await getCluster(h, id)).body.parameterGroupSyncStatus).toBe('In-Sync')
  })

  it('re-apply on a Creating cluster is 400, on an unknown one 404', async () => {
    const id = await create(h, 'clusters', clusterBody())
    await forceSync(id, 'Error-Sync').expect(200)
    const res = await apply(id)
    expect(res.status).toBe(400)
    expect(res.body.error.message).toBe(`cluster ${id} is Creating; the parameter group can be applied only when it is Running`)
    expect((await apply('no-such-cluster')).status).toBe(404)
  })

  it('the emulator-only sync-status route validates its body and scopes by token', async () => {
    const id = await createRunning(h, 'clusters', clusterBody())
    for (const bad of ['Unknown', 'in-sync', null]) {
      const res = await forceSync(id, bad)
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('BadRequest')
    }
    expect((await forceSync('no-such-cluster', 'Suspended')).status).toBe(404)
  })

  it('the sync status can also be set through POST /_emulator/seed (records are stored in wire shape)', async () => {
    const id = await createRunning(h, 'clusters', clusterBody())
    const cluster = (await getCluster(h, id)).body
    const seeded = await request().post('/_emulator/seed').send({ providers: { kakaocloud: { clusters: { [id]: { ...cluster, parameterGroupSyncStatus: 'Error-Sync' } } } } })
    expect(seeded.status).toBe(200)
    expect((await getCluster(h, id)).body.parameterGroupSyncStatus).toBe('Error-Sync')
    expect((await apply(id)).status).toBe(200)
  })

  it('DELETE /v1/clusters/{id} (path inferred, reference §2): 200 {objectId}, Deleting, then gone (404)', async () => {
    const id = await createRunning(h, 'clusters', clusterBody())
    const res = await remove(`/v1/clusters/${id}`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ objectId: id })
    expect((await getCluster(h, id)).body.status).toBe('Deleting')
    expect((await request().get('/v1/clusters').set('X-Auth-Token', READY_TOKEN)).body.clusters.map((c: any) => c.status)).toEqual(['Deleting'])
    h.clock.advance(DELETE - 1)
    expect((await getCluster(h, id)).status).toBe(200)
    h.clock.advance(1)
    const gone = await getCluster(h, id)
    expect(gone.status).toBe(404)
    expect(gone.body).toEqual({ error: { code: 'NotFound', message: `cluster ${id} does not exist` } })
    expect((await remove(`/v1/clusters/${id}`)).status).toBe(404)
  })

  it('DELETE /v1/instance-sets/{id} (inferred) deletes instance sets only; /v1/clusters/{id} deletes both', async () => {
    const clusterId = await createRunning(h, 'clusters', clusterBody())
    const setId = await createRunning(h, 'instance-sets', instanceSetBody())
    expect((await remove(`/v1/instance-sets/${clusterId}`)).status).toBe(404)
    expect((await remove(`/v1/instance-sets/${setId}`)).status).toBe(200)
    expect((await remove(`/v1/clusters/${clusterId}`)).status).toBe(200)
    h.clock.advance(DELETE)
    expect((await request().get('/v1/clusters').set('X-Auth-Token', READY_TOKEN)).body).toEqual({ clusters: [] })
  })

  it('deleting a cluster that is not Running (Creating, Modifying, Deleting) is 409 [INF]', async () => {
    const id = await create(h, 'clusters', clusterBody())
    let res = await remove(`/v1/clusters/${id}`)
    expect(res.status).toBe(409)
    expect(res.body).toEqual({ error: { code: 'Conflict', message: `cluster ${id} is Creating; only a Running cluster can be deleted` } })
    h.clock.advance(CREATE)
    await forceSync(id, 'Error-Sync')
    await apply(id).expect(200)
    expect((await remove(`/v1/clusters/${id}`)).status).toBe(409)
    h.clock.advance(MODIFY)
    await remove(`/v1/clusters/${id}`).expect(200)
    res = await remove(`/v1/clusters/${id}`)
    expect(res.status).toBe(409)
    expect(res.body.error.message).toBe(`cluster ${id} is Deleting; only a Running cluster can be deleted`)
  })
})
