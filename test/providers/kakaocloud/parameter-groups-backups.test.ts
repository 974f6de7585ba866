// reference §4: parameter groups (copy of a base group, list filters) and backups (preconditions, 409s, list filters).
import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../../helpers/harness.js'
import { catalog, clusterBody, create, createRunning, defaultGroup, getCluster, instanceSetBody, PROJECT_ID, READY_TOKEN, SUBNET_A } from '../../helpers/kakaocloud.js'

describe('kakaocloud parameter groups (reference §4)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })
  const list = (query = '') => h.request('kakaocloud').get(`/v1/parameter-groups${query}`).set('X-Auth-Token', READY_TOKEN)
  const createGroup = (body: unknown) => h.request('kakaocloud').post('/v1/parameter-groups').set('X-Auth-Token', READY_TOKEN).send(body as object)

  it('GET lists the default groups, one per engine version and cluster mode', async () => {
    const res = await list()
    expect(res.status).toBe(200)
    expect(res.body.parameterGroups).toHaveLength(catalog.defaultParameterGroups.length)
    expect(res.body.parameterGroups[0]).toEqual({ ...catalog.defaultParameterGroups[0], createdAt: '2024-01-01T00:00:00Z' })
  })

  it('POST copies a base group: 201 {objectId}; the copy keeps engine version and cluster mode and is custom', async () => {
    const base = defaultGroup('7.0.15', true)
    const res = await createGroup({ parameterGroupId: base.objectId, name: 'my-group', description: 'tuned' })
    expect(res.status).toBe(201)
    expect(res.body).toEqual({ objectId: expect.any(String) })
    const custom = await list('?parameterGroupType=custom')
    expect(custom.body).toEqual({
      parameterGroups: [
        { objectId: res.body.objectId, name: 'my-group', description: 'tuned', engineVersion: '7.0.15', clusterMode: true, parameterGroupType: 'custom', createdAt: '2026-01-15T10:00:00Z' },
      ],
    })
    // A copy of a copy is allowed (the base may be any visible group).
    expect((await createGroup({ parameterGroupId: res.body.objectId, name: 'my-group-2' })).status).toBe(201)
  })

  it('GET filters by engineVersion, parameterGroupType and clusterMode', async () => {
    await createGroup({ parameterGroupId: defaultGroup('6.2.5', false).objectId, name: 'custom-625' }).expect(201)
    const byVersion = (await list('?engineVersion=6.2.5')).body.parameterGroups
    expect(byVersion.map((g: any) => [g.parameterGroupType, g.clusterMode])).toEqual([
      ['default', false],
      ['default', true],
      ['custom', false],
    ])
    const clusterOff = (await list('?engineVersion=6.2.5&clusterMode=false&parameterGroupType=default')).body.parameterGroups
    expect(clusterOff.map((g: any) => g.objectId)).toEqual([defaultGroup('6.2.5', false).objectId])
    expect((await list('?clusterMode=true')).body.parameterGroups.every((g: any) => g.clusterMode)).toBe(true)
    expect((await list('?engineVersion=1.0.0')).body).toEqual({ parameterGroups: [] })
    for (const bad of ['?parameterGroupType=other', '?clusterMode=yes']) {
      const res = await list(bad)
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('BadRequest')
    }
  })

  it('a custom group can be used to create a cluster, and the cluster list filters by it', async () => {
    const group = (await createGroup({ parameterGroupId: defaultGroup('6.2.5', true).objectId, name: 'cluster-tuned' })).body.objectId
    const id = await create(h, 'clusters', clusterBody({ parameterGroupId: group }))
    expect((await getCluster(h, id)).body).toMatchObject({ parameterGroupId: group, parameterGroupName: 'cluster-tuned' })
    const listed = await h.request('kakaocloud').get(`/v1/clusters?parameterGroupName=cluster-tuned`).set('X-Auth-Token', READY_TOKEN)
    expect(listed.body.clusters.map((c: any) => c.objectId)).toEqual([id])
  })

  it('an unknown base is 404, a duplicate name 409 [INF], a missing or bad field 400', async () => {
    let res = await createGroup({ parameterGroupId: 'no-such-group', name: 'x-group' })
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ error: { code: 'NotFound', message: 'parameter group no-such-group does not exist' } })
    const base = defaultGroup('6.2.5', false).objectId
    await createGroup({ parameterGroupId: base, name: 'taken' }).expect(201)
    res = await createGroup({ parameterGroupId: base, name: 'taken' })
    expect(res.status).toBe(409)
    expect(res.body).toEqual({ error: { code: 'Conflict', message: 'a parameter group named taken already exists' } })
    expect((await createGroup({ parameterGroupId: base, name: defaultGroup('6.2.5', false).name })).status).toBe(409)
    for (const body of [{ name: 'x' }, { parameterGroupId: base }, { parameterGroupId: base, name: '' }, { parameterGroupId: base, name: 'has space' }, { parameterGroupId: 5, name: 'x' }]) {
      res = await createGroup(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.error.code).toBe('BadRequest')
    }
  })
})

describe('kakaocloud backups (reference §4)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })
  const backup = (body: unknown) => h.request('kakaocloud').post('/v1/backups').set('X-Auth-Token', READY_TOKEN).send(body as object)
  const list = (query = '') => h.request('kakaocloud').get(`/v1/backups${query}`).set('X-Auth-Token', READY_TOKEN)

  it('POST /v1/backups answers 201 {objectId}; the backup is Creating, then Available after kakaocloud.backup.create', async () => {
    const clusterId = await createRunning(h, 'instance-sets', instanceSetBody())
    const res = await backup({ clusterId, name: 'nightly-1' })
    expect(res.status).toBe(201)
    expect(res.body).toEqual({ objectId: expect.any(String) })
    const expected = {
      id: res.body.objectId,
      name: 'nightly-1',
      projectId: PROJECT_ID,
      clusterName: 'test-instance-set',
      clusterId,
      clusterMode: false,
      version: '6.2.5',
      backupType: 'Manual',
      status: 'Creating',
      createdAt: '2026-01-15T10:00:01Z',
    }
    expect((await list()).body).toEqual({ backups: [expected] })
    h.clock.advance(499)
    expect((await list()).body.backups[0].status).toBe('Creating')
    h.clock.advance(1)
    expect((await list()).body).toEqual({ backups: [{ ...expected, status: 'Available' }] })
    // The cluster itself stays Running during a backup.
    expect((await getCluster(h, clusterId)).body.status).toBe('Running')
  })

  it('409 when the cluster is not Running', async () => {
    const id = await create(h, 'clusters', clusterBody())
    const res = await backup({ clusterId: id, name: 'too-early' })
    expect(res.status).toBe(409)
    expect(res.body).toEqual({ error: { code: 'Conflict', message: `cluster ${id} is Creating; a backup needs a Running cluster` } })
  })

  it('409 without at least 2 nodes including a replica (a one-node instance set, one node per shard)', async () => {
    const single = await createRunning(h, 'instance-sets', instanceSetBody({ instanceSetName: 'single', replicas: 1, subnetAssignments: [{ primary: { id: SUBNET_A }, replicas: [] }] }))
    let res = await backup({ clusterId: single, name: 'b-single' })
    expect(res.status).toBe(409)
    expect(res.body.error.message).toBe(`cluster ${single} needs at least 2 nodes including a replica to be backed up`)
    const primaries = await createRunning(h, 'clusters', clusterBody({ name: 'primaries-only', nodeCountPerShard: 1, subnetAssignments: [{ primary: { id: SUBNET_A }, replicas: [] }, { primary: { id: SUBNET_A }, replicas: [] }] }))
    res = await backup({ clusterId: primaries, name: 'b-primaries' })
    expect(res.status).toBe(409)
    // Cluster mode with replicas can be backed up.
    const replicated = await createRunning(h, 'clusters', clusterBody())
    expect((await backup({ clusterId: replicated, name: 'b-cluster' })).status).toBe(201)
  })

  it('409 while a backup of the cluster is in progress, and for a duplicate name; deleting during a backup is 409', async () => {
    const id = await createRunning(h, 'instance-sets', instanceSetBody())
    await backup({ clusterId: id, name: 'first' }).expect(201)
    let res = await backup({ clusterId: id, name: 'second' })
    expect(res.status).toBe(409)
    expect(res.body.error.message).toBe(`cluster ${id} already has a backup in progress`)
    res = await h.request('kakaocloud').delete(`/v1/clusters/${id}`).set('X-Auth-Token', READY_TOKEN)
    expect(res.status).toBe(409)
    expect(res.body.error.message).toBe(`cluster ${id} has a backup in progress`)
    h.clock.advance(500)
    res = await backup({ clusterId: id, name: 'first' })
    expect(res.status).toBe(409)
    expect(res.body.error.message).toBe('a backup named first already exists')
    expect((await backup({ clusterId: id, name: 'second' })).status).toBe(201)
  })

  it('404 for an unknown cluster; 400 for a missing or bad field', async () => {
    const res = await backup({ clusterId: 'no-such-cluster', name: 'x' })
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ error: { code: 'NotFound', message: 'cluster no-such-cluster does not exist' } })
    for (const body of [{ name: 'x' }, { clusterId: 'x' }, { clusterId: 1, name: 'x' }, { clusterId: 'x', name: '' }]) {
      expect((await backup(body)).status, JSON.stringify(body)).toBe(400)
    }
  })

  it('GET /v1/backups filters by clusterName and clusterId', async () => {
    const a = await createRunning(h, 'instance-sets', instanceSetBody({ instanceSetName: 'set-a' }))
    const b = await createRunning(h, 'instance-sets', instanceSetBody({ instanceSetName: 'set-b' }))
    await backup({ clusterId: a, name: 'a-1' }).expect(201)
    await backup({ clusterId: b, name: 'b-1' }).expect(201)
    expect((await list('?clusterName=set-a')).body.backups.map((x: any) => x.name)).toEqual(['a-1'])
    expect((await list(`?clusterId=${b}`)).body.backups.map((x: any) => x.name)).toEqual(['b-1'])
    expect((await list('?clusterName=set-a&clusterId=' + b)).body).toEqual({ backups: [] })
    expect((await list('?clusterName=a&clusterName=b')).status).toBe(400)
  })
})
