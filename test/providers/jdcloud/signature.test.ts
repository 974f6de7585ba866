// JDCloud signatures (reference §5): acceptance of JDCLOUD2/JDCLOUD3 and every rejection, the no-verify flag, and a
// cross-check of src/ against the official SDK's own signer.
import { createRequire } from 'node:module'
import { beforeEach, describe, expect, it } from 'vitest'
import { NonceMemory } from '../../../src/providers/jdcloud/nonces.js'
import { computeSignature, parseAuthorization } from '../../../src/providers/jdcloud/signature.js'
import { createHarness, type Harness } from '../../helpers/harness.js'
import { BASE, createBody, createInstance, DEFAULT_ACCOUNT, jd, SECOND_ACCOUNT, signHeaders } from '../../helpers/jdcloud.js'

let h: Harness
beforeEach(async () => {
  h = await createHarness()
})

const REQUEST_ID = expect.stringMatching(/^[a-z0-9]{32}$/)
const unauthenticated = (message: string) => ({ requestId: REQUEST_ID, error: { code: 401, status: 'UNAUTHENTICATED', message } })
const quota = (options: Parameters<typeof jd>[4] = {}) => jd(h, 'GET', `${BASE}/quota`, undefined, options)

describe('accepted signatures', () => {
  it('JDCLOUD2 as the Node and Go SDKs send it', async () => {
    const res = await quota()
    expect(res.status).toBe(200)
    expect(res.headers['x-jdcloud-request-id']).toBe(res.body.requestId)
  })

  it('JDCLOUD3 as the current Python SDK sends it, signing only content-type;host', async () => {
    expect((await quota({ version: 'JDCLOUD3', signedHeaderNames: ['content-type', 'host'] })).status).toBe(200)
  })

  it('a Python-shaped action: raw colon, every param in the body with nulls, JDCLOUD3 and its extra headers (reference §1, §4)', async () => {
    const id = await createInstance(h)
    h.clock.advance(1000)
    const url = `${BASE}/cacheInstance/${id}:modifyCacheInstanceClass`
    const body = JSON.stringify({ regionId: 'cn-north-1', cacheInstanceId: id, cacheInstanceClass: 'redis.m.medium.basic', shardNumber: null })
    const headers = signHeaders({ method: 'POST', url, body, version: 'JDCLOUD3', signedHeaderNames: ['content-type', 'host'] })
    const res = await h
      .request('jdcloud')
      .post(url)
      .set(headers)
      .set('User-Agent', 'JdcloudSdkPython/1.2.9 redis/2.7.46')
      .set('JDCLOUD3-HMAC-SHA256', 'JDCLOUD3-HMAC-SHA256')
      .set('x-jdcloud-content-sha256', 'not-checked-the-body-is')
      .send(body)
    expect(res.status).toBe(200)
    expect(res.body.result.orderNum).toMatch(/^\d{16}$/)
  })

  it('a signed body and a signed query with spaces, + and repeated keys', async () => {
    const url = `${BASE}/cacheInstance?filters.1.name=cacheInstanceName&filters.1.values.2=b+c&filters.1.values.1=a%20b&pageSize=10`
    expect((await jd(h, 'GET', url)).status).toBe(200)
    expect((await jd(h, 'PATCH', `${BASE}/cacheInstance/redis-none000000`, '{ "cacheInstanceName" : "spaced_json" }')).status).toBe(404)
  })

  it('a date 10 minutes old is inside the default 900 s skew (compared with the real clock, not the emulator clock)', async () => {
    h.clock.advance(24 * 3600_000)
    expect((await quota({ date: new Date(Date.now() - 600_000) })).status).toBe(200)
  })
})

describe('rejected requests: 401 UNAUTHENTICATED in the JDCloud envelope', () => {
  it('no Authorization header', async () => {
    const res = await quota({ override: { Authorization: undefined } })
    expect(res.status).toBe(401)
    expect(res.body).toEqual(unauthenticated('the request has no Authorization header'))
    expect(res.headers['x-jdcloud-request-id']).toBe(res.body.requestId)
  })

  it.each([
    ['Basic dXNlcjpwYXNz'],
    ['JDCLOUD2-HMAC-SHA256 Credential=AK/20260115/cn-north-1/redis/jdcloud2_request'],
    ['JDCLOUD2-HMAC-SHA256 Credential=AK/20260115/cn-north-1/redis/jdcloud3_request, SignedHeaders=host, Signature=' + 'a'.repeat(64)],
    ['JDCLOUD4-HMAC-SHA256 Credential=AK/20260115/cn-north-1/redis/jdcloud4_request, SignedHeaders=host, Signature=' + 'a'.repeat(64)],
    ['JDCLOUD2-HMAC-SHA256 Credential=AK/20260115/cn-north-1/redis/jdcloud2_request, SignedHeaders=host, Signature=xyz'],
  ])('a malformed Authorization header: %s', async (authorization) => {
    expect((await quota({ override: { Authorization: authorization } })).body).toEqual(unauthenticated('the Authorization header is malformed'))
  })

  it('an unknown access key', async () => {
    const res = await quota({ account: { accessKey: 'NOSUCHKEY', secretKey: 'x' } })
    expect(res.body).toEqual(unauthenticated('the access key NOSUCHKEY does not exist'))
  })

  it('a wrong secret key', async () => {
    const res = await quota({ account: { accessKey: DEFAULT_ACCOUNT.accessKey, secretKey: SECOND_ACCOUNT.secretKey } })
    expect(res.body).toEqual(unauthenticated('the request signature does not match'))
  })

  it('a body changed after signing', async () => {
    const url = `${BASE}/cacheInstance/redis-none000000`
    const headers = signHeaders({ method: 'PATCH', url, body: JSON.stringify({ cacheInstanceName: 'signed' }) })
    const res = await h.request('jdcloud').patch(url).set(headers).send(JSON.stringify({ cacheInstanceName: 'forged' }))
    expect(res.body).toEqual(unauthenticated('the request signature does not match'))
  })

  it('a query changed after signing, a signed header changed after signing', async () => {
    const headers = signHeaders({ method: 'GET', url: `${BASE}/instanceClass?redisVersion=2.8` })
    const forged = await h.request('jdcloud').get(`${BASE}/instanceClass?redisVersion=4.0`).set(headers)
    expect(forged.body).toEqual(unauthenticated('the request signature does not match'))
    expect((await quota({ override: { 'x-jdcloud-nonce': 'another-nonce' } })).body).toEqual(unauthenticated('the request signature does not match'))
    expect((await quota({ override: { host: 'elsewhere.test' } })).body).toEqual(unauthenticated('the request signature does not match'))
  })

  it('the signature of another method on the same path', async () => {
    const headers = signHeaders({ method: 'GET', url: `${BASE}/cacheInstance/redis-none000000` })
    const res = await h.request('jdcloud').delete(`${BASE}/cacheInstance/redis-none000000`).set(headers)
    expect(res.body).toEqual(unauthenticated('the request signature does not match'))
  })

  it('a missing or malformed x-jdcloud-date', async () => {
    const expected = unauthenticated('the x-jdcloud-date header is missing or malformed')
    expect((await quota({ override: { 'x-jdcloud-date': undefined } })).body).toEqual(expected)
    expect((await quota({ override: { 'x-jdcloud-date': '2026-01-15T10:00:00Z' } })).body).toEqual(expected)
    expect((await quota({ override: { 'x-jdcloud-date': '20261315T100000Z' } })).body).toEqual(expected)
  })

  it('a date outside the skew, either way', async () => {
    const expected = unauthenticated('the request date x-jdcloud-date is too far from the server time')
    expect((await quota({ date: new Date(Date.now() - 20 * 60_000) })).body).toEqual(expected)
    expect((await quota({ date: new Date(Date.now() + 20 * 60_000) })).body).toEqual(expected)
  })

  it('a credential scope date that is not the x-jdcloud-date day', async () => {
    const res = await quota({ override: { 'x-jdcloud-date': '20200101T000000Z' } })
    expect(res.body).toEqual(unauthenticated('the credential scope date does not match x-jdcloud-date'))
  })

  it('a credential scope for another region or another service', async () => {
    expect((await quota({ region: 'cn-south-1' })).body).toEqual(unauthenticated('the credential scope names region cn-south-1, the path cn-north-1'))
    expect((await quota({ service: 'vm' })).body).toEqual(unauthenticated('the credential scope names service vm, expected redis'))
  })

  it('auth comes before routing: an unsigned unknown path is 401, a signed one 404 in the JDCloud envelope', async () => {
    expect((await h.request('jdcloud').get('/v1/nothing')).status).toBe(401)
    const signed = await jd(h, 'GET', '/v1/regions/cn-north-1/nothing')
    expect(signed.status).toBe(404)
    expect(signed.body).toEqual({ requestId: REQUEST_ID, error: { code: 404, status: 'NOT_FOUND', message: 'no route for GET /v1/regions/cn-north-1/nothing' } })
  })

  it('the control plane needs no signature', async () => {
    expect((await h.request('jdcloud').get('/_emulator/health')).status).toBe(200)
  })
})

describe('replayed nonces (issue 16)', () => {
  it('a signed create replayed with the same x-jdcloud-nonce inside the date window makes one instance; the replay is 401', async () => {
    const url = `${BASE}/cacheInstance`
    const body = JSON.stringify(createBody())
    const headers = signHeaders({ method: 'POST', url, body, nonce: 'c5b0f0a2-0d6e-4a8e-9d63-2f4f3f1c9a11' })
    const send = () => h.request('jdcloud').post(url).set(headers).send(body)
    expect((await send()).status).toBe(200)
    for (let i = 0; i < 2; i++) expect((await send()).body).toEqual(unauthenticated('the request nonce x-jdcloud-nonce has already been used'))
    expect((await jd(h, 'GET', `${BASE}/cacheInstance`)).body.result.totalCount).toBe(1)
  })

  it('the same nonce is refused on any path once used, but each access key has its own nonces', async () => {
    const nonce = '0b7c1a52-7a3c-4b1b-8f5e-6a0d2c9e4b77'
    expect((await quota({ nonce })).status).toBe(200)
    expect((await jd(h, 'GET', `${BASE}/instanceClass`, undefined, { nonce })).body).toEqual(unauthenticated('the request nonce x-jdcloud-nonce has already been used'))
    expect((await quota({ nonce, account: SECOND_ACCOUNT })).status).toBe(200)
  })

  it('a badly signed request does not use up its nonce', async () => {
    const nonce = '5e2d9b8c-1f0a-4c3b-9e7d-0a1b2c3d4e5f'
    expect((await quota({ nonce, account: { accessKey: DEFAULT_ACCOUNT.accessKey, secretKey: SECOND_ACCOUNT.secretKey } })).body).toEqual(
      unauthenticated('the request signature does not match'),
    )
    expect((await quota({ nonce })).status).toBe(200)
  })

  it('--jdcloud-verify-nonces false accepts replays', async () => {
    h = await createHarness({ providers: { jdcloud: { settings: { verifyNonces: false } } } })
    const nonce = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'
    for (let i = 0; i < 3; i++) expect((await quota({ nonce })).status).toBe(200)
  })
})

describe('nonce memory stays bounded (issue 16)', () => {
  it('forgets a nonce once the date window has passed, and never holds more than its cap', () => {
    const memory = new NonceMemory(3)
    const t0 = Date.parse('2026-01-15T10:00:00Z')
    expect(memory.remember('AK', 'n1', t0, 900_000, t0)).toBe(true)
    expect(memory.remember('AK', 'n1', t0, 900_000, t0 + 899_999)).toBe(false)
    // the window closed: the entry expired and is gone, so the date check alone now refuses such a request
    expect(memory.remember('AK', 'n2', t0 + 900_000, 900_000, t0 + 900_000)).toBe(true)
    expect(memory.size).toBe(1)
    for (const n of ['n3', 'n4', 'n5']) memory.remember('AK', n, t0 + 900_000, 900_000, t0 + 900_000)
    expect(memory.size).toBe(3)
  })
})

describe('settings', () => {
  it('--jdcloud-max-date-skew-seconds 0 turns the date check off', async () => {
    h = await createHarness({ providers: { jdcloud: { settings: { maxDateSkewSeconds: 0 } } } })
    expect((await quota({ date: new Date('2020-01-01T00:00:00Z') })).status).toBe(200)
  })

  it('--jdcloud-verify-signatures false: the Credential access key or the default account identifies the caller', async () => {
    h = await createHarness({ providers: { jdcloud: { settings: { verifySignatures: false } } } })
    const unsigned = await h.request('jdcloud').get(`${BASE}/quota`)
    expect(unsigned.status).toBe(200)
    expect(unsigned.body.result.quota).toEqual({ name: 'instance', max: 10, used: 0 })
    const id = await createInstance(h, {}, undefined, SECOND_ACCOUNT)
    // a bad signature with the second account's key still means the second account
    const forged = `JDCLOUD2-HMAC-SHA256 Credential=${SECOND_ACCOUNT.accessKey}/20200101/cn-north-1/redis/jdcloud2_request, SignedHeaders=host, Signature=bad`
    expect((await h.request('jdcloud').get(`${BASE}/cacheInstance/${id}`).set('Authorization', forged)).status).toBe(200)
    expect((await h.request('jdcloud').get(`${BASE}/cacheInstance/${id}`)).status).toBe(404)
    // an unknown access key is an account of its own with the default quota
    const stranger = await h.request('jdcloud').get(`${BASE}/quota`).set('Authorization', 'JDCLOUD2-HMAC-SHA256 Credential=STRANGER/x')
    expect(stranger.body.result.quota).toEqual({ name: 'instance', max: 10, used: 0 })
  })

  it('rejects a setting of the wrong type', async () => {
    await expect(createHarness({ providers: { jdcloud: { settings: { verifySignatures: 'no' } } } })).rejects.toThrow(/verifySignatures/)
  })
})

describe('src/ signature against the official SDK signer (jdcloud-sdk-js SignerV2)', () => {
  const sdkRequire = createRequire(import.meta.url)
  const JDCloud = sdkRequire('jdcloud-sdk-js')
  const SignerV2 = sdkRequire('jdcloud-sdk-js/src/lib/signers/v2')

  it.each([
    ['GET', '/regions/{regionId}/cacheInstance', { 'filters.1.name': 'cacheInstanceName', 'filters.1.values.1': "it's (a) b*c", pageSize: 10 }, null],
    ['POST', '/regions/{regionId}/cacheInstance/redis-abc:modifyCacheInstanceClass', {}, { cacheInstanceClass: 'redis.m.large.basic' }],
  ])('%s %s', (method, path, query, body) => {
    const service = new JDCloud.REDIS({
      credentials: { accessKeyId: DEFAULT_ACCOUNT.accessKey, secretAccessKey: DEFAULT_ACCOUNT.secretKey },
      regionId: 'cn-north-1',
      endpoint: { host: 'redis.example.test:8000', protocol: 'http' },
      logger: () => undefined,
    })
    JDCloud.config.logger = () => undefined
    const request = new JDCloud.JCRequest(service, path, method, { regionId: 'cn-north-1' }, query, {}, {}, body, ['application/json'], ['application/json'], null)
    new SignerV2(request, 'redis').addAuthorization(service.config.credentials, new Date('2026-01-15T10:00:00Z'))
    const sent = request.request
    const headers: Record<string, string> = {}
    sent.headers.forEach((value: string, key: string) => (headers[key.toLowerCase()] = value))
    const auth = parseAuthorization(headers.authorization)!
    expect(auth).toBeDefined()
    const url = new URL(sent.url)
    const ours = computeSignature(auth, DEFAULT_ACCOUNT.secretKey, headers['x-jdcloud-date'], {
      method,
      rawUrl: url.pathname + url.search,
      headers,
      body: Buffer.from(body ? JSON.stringify(body) : ''),
    })
    expect(ours).toBe(auth.signature)
  })
})
