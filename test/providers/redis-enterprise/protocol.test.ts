// Redis Enterprise transport (seed 002, reference §1): HTTPS 9443 + HTTP 8080, JSON only, X-API-Version 505, bad bodies.
import { request as httpsRequest } from 'node:https'
import { describe, expect, it } from 'vitest'
import { startEmulator } from '../../../src/emulator.js'
import { CREDENTIALS, createReHarness, expectError, GB, RE } from '../../helpers/redis-enterprise.js'

const [ADMIN, PASS] = CREDENTIALS.admin

describe('listeners: HTTPS with a self-signed certificate and plain HTTP, one app (seed 002, cluster cnm ports)', () => {
  it('serves the same cluster on both', async () => {
    const emulator = await startEmulator({ inMemory: true, port: 0 })
    try {
      const httpsUrl = emulator.urls[RE]
      const httpUrl = emulator.urls[`${RE}-http`]
      expect(httpsUrl).toMatch(/^https:\/\//)
      expect(httpUrl).toMatch(/^http:\/\//)
      const auth = `Basic ${Buffer.from(`${ADMIN}:${PASS}`).toString('base64')}`
      const created = await fetch(`${httpUrl}/v1/bdbs`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'over-http', memory_size: GB }),
      })
      expect(created.status).toBe(200)
      // curl -k: the certificate is self-signed, so verification is disabled like real clients do
      const overTls = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpsRequest(`${httpsUrl}/v1/bdbs?fields=uid,name`, { rejectUnauthorized: false, headers: { authorization: auth } }, (res) => {
          let body = ''
          res.on('data', (chunk) => (body += chunk))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        })
        req.on('error', reject)
        req.end()
      })
      expect(overTls.status).toBe(200)
      expect(JSON.parse(overTls.body)).toEqual([{ uid: 1, name: 'over-http' }])
    } finally {
      await emulator.close()
    }
  })
})

describe('headers', () => {
  it('seed 002: an unsupported X-API-Version answers 505', async () => {
    const h = await createReHarness()
    for (const version of ['3', '0', 'v9', 'latest']) {
      expectError(await h.request(RE).get('/v1/bdbs').auth(ADMIN, PASS).set('X-API-Version', version), 505, 'unsupported_api_version')
    }
    expect((await h.request(RE).get('/v1/bdbs').auth(ADMIN, PASS).set('X-API-Version', '1')).status).toBe(200)
    expect((await h.request(RE).post('/v2/bdbs').auth(ADMIN, PASS).set('X-API-Version', '2').send({ bdb: { name: 'a', memory_size: GB } })).status).toBe(200)
  })

  it('responses are application/json', async () => {
    const h = await createReHarness()
    const res = await h.request(RE).get('/v1/cluster').auth(ADMIN, PASS)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
  })

  it('reference §1: a body that is not application/json is a 400', async () => {
    const h = await createReHarness()
    const res = await h.request(RE).post('/v1/bdbs').auth(ADMIN, PASS).set('Content-Type', 'text/plain').send('name=db')
    expectError(res, 400, 'bad_request')
    expect((await h.as('admin').get('/v1/bdbs')).body).toEqual([])
  })
})

describe('bad bodies never give a 500', () => {
  it('malformed JSON: 400 bad_request', async () => {
    const h = await createReHarness()
    const res = await h.request(RE).post('/v1/bdbs').auth(ADMIN, PASS).set('Content-Type', 'application/json').send('{"name": ')
    expectError(res, 400, 'bad_request')
  })

  it('a body over the size limit: 413 in the envelope', async () => {
    const h = await createReHarness()
    const huge = JSON.stringify({ name: 'db', memory_size: GB, authentication_redis_pass: 'x'.repeat(2 * 1024 * 1024) })
    const res = await h.request(RE).post('/v1/bdbs').auth(ADMIN, PASS).set('Content-Type', 'application/json').send(huge)
    expectError(res, 413, 'request_too_large')
    expect((await h.as('admin').get('/v1/bdbs')).body).toEqual([])
  })

  it('JSON scalars and null bodies are schema errors', async () => {
    const h = await createReHarness()
    const send = (raw: string) => h.request(RE).post('/v1/bdbs').auth(ADMIN, PASS).set('Content-Type', 'application/json').send(raw)
    expectError(await send('null'), 400, 'bad_request')
    expectError(await send('"db"'), 400, 'bad_request')
    expectError(await send('[]'), 406, 'invalid_schema')
  })

  it('an unknown route (authenticated) is 404 not_found in the envelope', async () => {
    const h = await createReHarness()
    expectError(await h.request(RE).get('/v1/bdbs/1/actions/start').auth(ADMIN, PASS), 404, 'not_found')
    expectError(await h.request(RE).get('/v3/bdbs').auth(ADMIN, PASS), 404, 'not_found')
    expectError(await h.request(RE).patch('/v1/bdbs/1').auth(ADMIN, PASS), 404, 'not_found')
  })

  it('OPTIONS answers a route\'s Allow list, as real clusters do (reference-more LIVE-ROUTES); an unknown path is 404', async () => {
    const h = await createReHarness()
    const bdbs = await h.request(RE).options('/v1/bdbs').auth(ADMIN, PASS)
    expect(bdbs.status).toBe(200)
    expect(bdbs.headers.allow).toBe('GET, HEAD, POST')
    const one = await h.request(RE).options('/v1/bdbs/1').auth(ADMIN, PASS)
    expect(one.status).toBe(200)
    expect(one.headers.allow).toBe('DELETE, GET, HEAD, PUT')
    expectError(await h.request(RE).options('/v1/no-such-route').auth(ADMIN, PASS), 404, 'not_found')
    // without credentials it is refused first, as every route is
    expectError(await h.request(RE).options('/v1/bdbs'), 401, 'unauthorized')
  })

  it('a malformed %-escape in the path is a 4xx in the envelope', async () => {
    const h = await createReHarness()
    const res = await h.request(RE).get('/v1/bdbs/%E0%A4%A').auth(ADMIN, PASS)
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
    expect(res.body.error_code).toBeTypeOf('string')
  })
})

describe('isolation', () => {
  it('two emulators are two clusters: nothing is shared', async () => {
    const a = await createReHarness()
    const b = await createReHarness()
    await a.as('admin').post('/v1/bdbs', { name: 'only-in-a', memory_size: GB })
    expect((await b.as('admin').get('/v1/bdbs')).body).toEqual([])
    await b.as('admin').post('/v1/users', { email: 'b@example.com', password: 'b-password', role: 'admin' })
    expectError(await a.request(RE).get('/v1/bdbs').auth('b@example.com', 'b-password'), 401, 'unauthorized')
  })

  it('POST /_emulator/reset?provider=redis-enterprise forgets databases and restores the default users', async () => {
    const h = await createReHarness()
    await h.as('admin').post('/v1/bdbs', { name: 'gone', memory_size: GB })
    await h.as('admin').delete('/v1/users/5')
    expect((await h.request(RE).post('/_emulator/reset?provider=redis-enterprise')).status).toBeLessThan(300)
    expect((await h.as('admin').get('/v1/bdbs')).body).toEqual([])
    expect((await h.as('db_viewer').get('/v1/bdbs')).status).toBe(200)
  })
})
