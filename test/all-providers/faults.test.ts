// Injected faults come back in each provider's own envelope, so SDK retry logic sees what the real provider sends (issue 7).
import { beforeEach, describe, expect, it } from 'vitest'
import { providers } from '../../src/providers/index.js'
import { createHarness, type Harness } from '../helpers/harness.js'

describe('injected faults in each provider envelope', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })
  const inject = (id: string, rule: object) => h.request(id).post('/_emulator/faults').send({ provider: id, ...rule })

  it('covers every registered provider', () => {
    expect(providers.map((p) => p.id).sort()).toEqual(['jdcloud', 'kakaocloud', 'redis-enterprise', 'redistogo'])
  })

  it('redis-enterprise: 409 busy as {error_code, description, message}', async () => {
    expect((await inject('redis-enterprise', { method: 'PUT', path: '/v1/bdbs/*', status: 409, code: 'busy', message: 'bdb is busy' })).status).toBe(201)
    const res = await h.request('redis-enterprise').put('/v1/bdbs/1').send({ name: 'x' })
    expect(res.status).toBe(409)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    expect(res.body).toEqual({ error_code: 'busy', description: 'bdb is busy', message: 'bdb is busy' })
  })

  it('jdcloud: 429 QUOTA_EXCEEDED as {requestId, error: {code, status, message}} with the request id header', async () => {
    await inject('jdcloud', { path: '/v1/regions/*/cacheInstance', status: 429, code: 'QUOTA_EXCEEDED', message: 'quota exceeded' })
    const res = await h.request('jdcloud').post('/v1/regions/cn-north-1/cacheInstance').send({})
    expect(res.status).toBe(429)
    expect(res.body).toEqual({ requestId: expect.stringMatching(/^[a-z0-9]{32}$/), error: { code: 429, status: 'QUOTA_EXCEEDED', message: 'quota exceeded' } })
    expect(res.headers['x-jdcloud-request-id']).toBe(res.body.requestId)
  })

  it('kakaocloud: 503 as {error: {code, message}}', async () => {
    await inject('kakaocloud', { path: '/v1/clusters', status: 503, code: 'ServiceUnavailable', message: 'try again' })
    const res = await h.request('kakaocloud').get('/v1/clusters')
    expect(res.status).toBe(503)
    expect(res.body).toEqual({ error: { code: 'ServiceUnavailable', message: 'try again' } })
  })

  it('redistogo: 422 as Rails XML when XML was asked for, and as JSON otherwise', async () => {
    await inject('redistogo', { method: 'POST', path: '/instances*', status: 422, code: 'unprocessable_entity', message: 'Plan is not included in the list' })
    const xml = await h.request('redistogo').post('/instances.xml').send('<instance><plan>nano</plan></instance>').set('content-type', 'application/xml')
    expect(xml.status).toBe(422)
    expect(xml.headers['content-type']).toMatch(/^application\/xml/)
    expect(xml.text).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<errors>\n  <error>Plan is not included in the list</error>\n</errors>\n')
    const json = await h.request('redistogo').post('/instances.json').send({ plan: 'nano' })
    expect(json.status).toBe(422)
    expect(json.body).toEqual({ errors: ['Plan is not included in the list'] })
  })

  it('targets one account: the rule fires only for requests that name it', async () => {
    await inject('redistogo', { path: '/instances*', status: 500, code: 'internal', message: 'down for one', account: 'waratuman' })
    const other = await h.request('redistogo').get('/instances.json').auth('redistogo', 'redistogo')
    expect(other.status).toBe(200)
    const targeted = await h.request('redistogo').get('/instances.json').auth('waratuman', 'waratuman')
    expect(targeted.status).toBe(500)
    expect(targeted.body).toEqual({ errors: ['down for one'] })
  })
})
