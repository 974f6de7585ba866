// Proxies (reference §9) and DNS suffixes (reference §13).
import { beforeEach, describe, expect, it } from 'vitest'
import { capture, createReHarness, expectError, type ReHarness } from '../../../helpers/redis-enterprise.js'

let h: ReHarness
beforeEach(async () => {
  h = await createReHarness()
})

describe('proxies: one per node', () => {
  it('GET /v1/proxies lists the captured proxy for each node; GET /v1/proxies/{uid} one of them', async () => {
    const single = await createReHarness({ nodes: 1 })
    expect((await single.as('db_viewer').get('/v1/proxies')).body).toEqual(capture('proxies_list'))
    const list = (await h.as('db_viewer').get('/v1/proxies')).body
    expect(list.map((p: any) => p.uid)).toEqual([1, 2, 3])
    expect((await h.as('db_viewer').get('/v1/proxies/2')).body).toEqual({ ...capture('proxies_list')[0], uid: 2 })
  })
  it('PUT /v1/proxies/{uid} {"proxy": {...}} changes that proxy only; 200 with no body', async () => {
    const res = await h.as('admin').put('/v1/proxies/2', { allow_restart: true, proxy: { threads: 8, max_threads: 16, log_level: 'debug' } })
    expect(res.status).toBe(200)
    expect(res.text).toBe('')
    expect((await h.as('admin').get('/v1/proxies/2')).body).toMatchObject({ threads: 8, max_threads: 16, log_level: 'debug', uid: 2 })
    expect((await h.as('admin').get('/v1/proxies/1')).body.threads).toBe(3)
  })
  it('PUT /v1/proxies changes every proxy', async () => {
    expect((await h.as('admin').put('/v1/proxies', { proxy: { threads: 4 } })).status).toBe(200)
    expect((await h.as('admin').get('/v1/proxies')).body.map((p: any) => p.threads)).toEqual([4, 4, 4])
  })
  it('out-of-range values, unknown fields and redisctl\'s flat form are 400 invalid_schema (inferred: the wrapper is required)', async () => {
    const bad = [
      { threads: 8 },
      { proxy: { threads: 0 } },
      { proxy: { threads: 257 } },
      { proxy: { duration_usage_threshold: 9 } },
      { proxy: { threads_usage_threshold: 100 } },
      { proxy: { log_level: 'verbose' } },
      { proxy: { threads: 2.5 } },
      { proxy: { uid: 2 } },
      { proxy: { enabled: true } },
      { proxy: { backlog: -1 } },
      { proxy: { corefile: 'yes' } },
      { allow_restart: 'yes', proxy: {} },
      { proxy: [] },
    ]
    for (const body of bad) expectError(await h.as('admin').put('/v1/proxies/1', body), 400, 'invalid_schema')
    expect((await h.as('admin').get('/v1/proxies/1')).body).toEqual(capture('proxies_list')[0])
  })
  it('an unknown proxy is 404 (inferred code proxy_not_exist); a non-integer uid is not a route', async () => {
    expectError(await h.as('admin').get('/v1/proxies/4'), 404, 'proxy_not_exist')
    expectError(await h.as('admin').put('/v1/proxies/4', { proxy: { threads: 4 } }), 404, 'proxy_not_exist')
    expectError(await h.as('admin').get('/v1/proxies/x'), 404, 'not_found')
  })
})

describe('DNS suffixes', () => {
  it('a ready cluster has one default suffix, its name (inferred: reference §13)', async () => {
    const list = (await h.as('db_viewer').get('/v1/suffixes')).body
    expect(list).toEqual([{ default: true, internal: false, mdns: false, name: 'docker-cluster', slaves: [], use_aaaa_ns: false }])
    expect((await h.as('db_viewer').get('/v1/suffix/docker-cluster')).body).toEqual(list[0])
  })
  it('an unknown suffix is 404 (inferred code suffix_not_exist)', async () => {
    expectError(await h.as('admin').get('/v1/suffix/nowhere.example.test'), 404, 'suffix_not_exist')
  })
})
