// seed 001 "Common" API: versions, flavors, cluster list/detail for clusters and instance sets, compared key for key
// with the seed's example bodies (fixtures/kakaocloud/examples), and X-Auth-Token on every route.
import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../../helpers/harness.js'
import {
  catalog,
  clusterBody,
  createRunning,
  example,
  getCluster,
  instanceSetBody,
  issueToken,
  NO_ROLE_KEY,
  READER_KEY,
  READY_TOKEN,
  shapeOf,
} from '../../helpers/kakaocloud.js'

describe('kakaocloud common API (seed 001)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })
  const get = (path: string, token = READY_TOKEN) => h.request('kakaocloud').get(path).set('X-Auth-Token', token)

  it('seed 001: GET /v1/redis/versions is a JSON array of version strings', async () => {
    const res = await get('/v1/redis/versions')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/json; charset=UTF-8') // seed 001 response headers
    // reference §3: the current docs' list; the seed's older example has the same shape.
    expect(res.body).toEqual(['7.2.11', '7.2.6', '7.0.15', '6.2.20', '6.2.16', '6.2.5', '5.0.6'])
    expect(shapeOf(res.body)).toEqual(shapeOf(example('versions')))
  })

  it('seed 001: GET /v1/redis/flavors equals the seed example', async () => {
    const res = await get('/v1/redis/flavors')
    expect(res.status).toBe(200)
    expect(res.body).toEqual(example('flavors'))
  })

  it('seed 001: a cluster (cluster mode) detail has the example detail keys, types and nesting', async () => {
    const id = await createRunning(h, 'clusters', clusterBody())
    const res = await getCluster(h, id)
    expect(res.status).toBe(200)
    expect(shapeOf(res.body)).toEqual(shapeOf(example('cluster-detail')))
    expect(Object.keys(res.body)).toEqual(Object.keys(example('cluster-detail')))
  })

  it('seed 001: an instance set detail (same path) has the example keys, types and nesting', async () => {
    const id = await createRunning(h, 'instance-sets', instanceSetBody())
    const res = await getCluster(h, id)
    expect(res.status).toBe(200)
    expect(shapeOf(res.body)).toEqual(shapeOf(example('instance-set-detail')))
    expect(Object.keys(res.body)).toEqual(Object.keys(example('instance-set-detail')))
  })

  it('seed 001: GET /v1/clusters lists clusters and instance sets in {clusters:[...]} like the example', async () => {
    const clusterId = await createRunning(h, 'clusters', clusterBody())
    const setId = await createRunning(h, 'instance-sets', instanceSetBody())
    const res = await get('/v1/clusters')
    expect(res.status).toBe(200)
    const listed = example('clusters-list')
    expect(Object.keys(res.body)).toEqual(Object.keys(listed))
    const [cluster, set] = res.body.clusters
    expect([cluster.objectId, set.objectId]).toEqual([clusterId, setId])
    expect(shapeOf(set)).toEqual(shapeOf(listed.clusters[1]))
    // The seed's first list item omits the three parameterGroup* keys that its detail example has; every cluster has a
    // parameter group, so the emulator always sends them (the detail example's keys).
    const missingInSeed = Object.keys(cluster).filter((k) => !(k in listed.clusters[0]))
    expect(missingInSeed).toEqual(['parameterGroupId', 'parameterGroupName', 'parameterGroupSyncStatus'])
    const { parameterGroupId, parameterGroupName, parameterGroupSyncStatus, ...rest } = cluster
    expect(shapeOf(rest)).toEqual(shapeOf(listed.clusters[0]))
    expect([typeof parameterGroupId, typeof parameterGroupName, parameterGroupSyncStatus]).toEqual(['string', 'string', 'In-Sync'])
  })

  it('seed 001: GET /v1/clusters filters by parameter group id or name', async () => {
    const clusterId = await createRunning(h, 'clusters', clusterBody())
    const setId = await createRunning(h, 'instance-sets', instanceSetBody())
    const set = (await getCluster(h, setId)).body
    const byId = await get(`/v1/clusters?parameterGroupId=${set.parameterGroupId}`)
    expect(byId.body.clusters.map((c: any) => c.objectId)).toEqual([setId])
    const cluster = (await getCluster(h, clusterId)).body
    const byName = await get(`/v1/clusters?parameterGroupName=${encodeURIComponent(cluster.parameterGroupName)}`)
    expect(byName.body.clusters.map((c: any) => c.objectId)).toEqual([clusterId])
    expect((await get('/v1/clusters?parameterGroupName=nothing')).body).toEqual({ clusters: [] })
    // A repeated query parameter is not a string: 400.
    const twice = await get('/v1/clusters?parameterGroupId=a&parameterGroupId=b')
    expect(twice.status).toBe(400)
    expect(twice.body.error.code).toBe('BadRequest')
  })

  it('seed 001: an unknown cluster id is 404 in the MemStore envelope', async () => {
    const res = await getCluster(h, 'qqqqwwww-7347-4d87-a49f-e705e91db2fb')
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ error: { code: 'NotFound', message: 'cluster qqqqwwww-7347-4d87-a49f-e705e91db2fb does not exist' } })
    expect(res.headers['content-type']).toBe('application/json; charset=UTF-8')
  })

  it('seed 001 500: an internal failure (here a corrupted store) is 500 in the MemStore envelope, no stack trace', async () => {
    await h.emulator.store.mutate<any>('kakaocloud', (draft) => {
      draft.clusters = null
    })
    const quiet = console.error
    console.error = () => {}
    try {
      const res = await get('/v1/clusters')
      expect(res.status).toBe(500)
      expect(res.body).toEqual({ error: { code: 'InternalServerError', message: 'internal error' } })
    } finally {
      console.error = quiet
    }
  })

  it('every MemStore route needs X-Auth-Token: missing or unknown is 401', async () => {
    const routes: [string, string][] = [
      ['get', '/v1/redis/versions'],
      ['get', '/v1/redis/flavors'],
      ['get', '/v1/clusters'],
      ['get', '/v1/clusters/x'],
      ['post', '/v1/clusters/x/parameter-group/apply'],
      ['post', '/v1/clusters'],
      ['post', '/v1/instance-sets'],
      ['delete', '/v1/clusters/x'],
      ['delete', '/v1/instance-sets/x'],
      ['get', '/v1/parameter-groups'],
      ['post', '/v1/parameter-groups'],
      ['get', '/v1/backups'],
      ['post', '/v1/backups'],
      ['put', '/v1/_emulator/clusters/x/parameter-group-sync-status'],
    ]
    for (const [method, path] of routes) {
      const missing = await (h.request('kakaocloud') as any)[method](path)
      expect(missing.status, `${method} ${path}`).toBe(401)
      expect(missing.body).toEqual({ error: { code: 'Unauthorized', message: 'the X-Auth-Token header is required' } })
      const unknown = await (h.request('kakaocloud') as any)[method](path).set('X-Auth-Token', 'gAAAAABunknown')
      expect(unknown.status, `${method} ${path}`).toBe(401)
      expect(unknown.body).toEqual({ error: { code: 'Unauthorized', message: 'the token is invalid or has expired' } })
    }
  })

  it('seed 001 403: a reader may read but not write; a user without a role may do neither', async () => {
    const reader = await issueToken(h, READER_KEY)
    await get('/v1/clusters', reader).expect(200)
    const write = await h.request('kakaocloud').post('/v1/clusters').set('X-Auth-Token', reader).send(clusterBody())
    expect(write.status).toBe(403)
    expect(write.body).toEqual({ error: { code: 'Forbidden', message: 'the user does not have the required permissions' } })
    const none = await issueToken(h, NO_ROLE_KEY)
    expect((await get('/v1/redis/flavors', none)).status).toBe(403)
    expect((await get('/v1/clusters', none)).status).toBe(403)
  })

  it('unknown routes are 404 in the MemStore envelope (after auth on /v1)', async () => {
    const res = await get('/v1/nothing-here')
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ error: { code: 'NotFound', message: 'no route for GET /v1/nothing-here' } })
    expect((await h.request('kakaocloud').get('/v1/nothing-here')).status).toBe(401)
  })

  it('OPTIONS is a method without a route: 401 without a token, then 404 in the MemStore envelope, not Express\'s Allow list (inferred: nothing shows the real API answers OPTIONS)', async () => {
    const res = await h.request('kakaocloud').options('/v1/clusters').set('X-Auth-Token', READY_TOKEN)
    expect(res.status).toBe(404)
    expect(res.headers.allow).toBeUndefined()
    expect(res.body).toEqual({ error: { code: 'NotFound', message: 'no route for OPTIONS /v1/clusters' } })
    expect((await h.request('kakaocloud').options('/v1/clusters')).status).toBe(401)
    // on the IAM path, Keystone's 405 like every other method the tokens route does not have
    const iam = await h.request('kakaocloud').options('/identity/v3/auth/tokens')
    expect(iam.status).toBe(405)
    expect(iam.body).toEqual({ error: { code: 405, message: 'the method OPTIONS is not allowed for the requested URL', title: 'Method Not Allowed' } })
  })

  it('the catalogue offers no 5.0.6 cluster-mode default parameter group (reference §4)', () => {
    expect(catalog.defaultParameterGroups.filter((g: any) => g.engineVersion === '5.0.6').map((g: any) => g.clusterMode)).toEqual([false])
  })
})
