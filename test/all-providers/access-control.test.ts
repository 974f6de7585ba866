// The access-control matrix for every registered provider: each route without credentials, with wrong ones, with
// another account's and with every role; the documented 401/403/404 in the provider's envelope, and nothing changed.
// Then the control plane's token, and JDCloud's signature against tampering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_ACCOUNT, SECOND_ACCOUNT } from '../helpers/jdcloud.js'
import { Client, noAuth, type Answer, type Auth, type Outgoing } from './client.js'
import { registered, startSuiteEmulator, type SuiteEmulator } from './environment.js'
import { jdAuth, jdSign, REGION } from './profiles/jdcloud.js'
import { sampleRequest, type Fixture, type Profile } from './profiles/index.js'
import { HEAD_CODE } from './profiles/shared.js'

let env: SuiteEmulator
beforeAll(async () => {
  env = await startSuiteEmulator()
})
afterAll(() => env.close())

/** Sends the request and checks it is refused with `status`/`code` in the envelope, leaving the store as it was. */
/** The forbidden code a profile reports for this route. */
function forbiddenCode(profile: Profile, route: Profile['routes'][number]): string {
  const code = profile.codes.forbidden
  return typeof code === 'function' ? code(route) : code!
}

async function expectRefused(id: string, profile: Profile, request: Outgoing, auth: Auth, status: number, code: string, label: string): Promise<Answer> {
  const before = env.snapshot(id)
  const answer = await env.client(id).send(request, auth)
  expect(answer.status, `${label}: ${answer.text}`).toBe(status)
  const reading = profile.readError(request, answer)
  expect(reading, label).toHaveProperty('code')
  if ('code' in reading && reading.code !== HEAD_CODE) expect(reading.code, label).toBe(code)
  expect(env.snapshot(id), `${label} changed the store`).toBe(before)
  return answer
}

for (const { id, profile } of registered()) {
  describe(`access control: ${id}`, () => {
    let f: Fixture
    beforeAll(async () => {
      f = await env.fresh(id)
    })
    const guarded = profile.routes.filter((r) => !r.login)

    it.each(guarded.map((r) => [r.name, r] as const))('%s: without credentials -> 401', async (name, route) => {
      await expectRefused(id, profile, sampleRequest(route, f), noAuth, 401, profile.codes.unauthenticated(route), name)
    })

    it.each(guarded.map((r) => [r.name, r] as const))('%s: every wrong credential -> 401', async (name, route) => {
      for (const [who, auth] of Object.entries(f.wrong)) {
        await expectRefused(id, profile, sampleRequest(route, f), auth, 401, profile.codes.unauthenticated(route), `${name} as ${who}`)
      }
    })

    const scoped = guarded.filter((r) => r.scope !== 'open')
    if (scoped.length > 0) {
      it.each(scoped.map((r) => [r.name, r] as const))("%s: another account cannot reach account A's resources", async (name, route) => {
        expect(f.b, `${id} scopes resources by account but its profile names no account B`).toBeDefined()
        if (route.scope === 'hidden') {
          await expectRefused(id, profile, sampleRequest(route, f), f.b!, 404, profile.codes.notFound(route), `${name} as B`)
        } else {
          const answer = await env.client(id).send(sampleRequest(route, f), f.b!)
          expect(answer.status, answer.text).toBe(route.ok)
          expect(route.listed, `${name}: a listing route needs listed()`).toBeDefined()
          const own = [...Object.values(f.params), ...Object.values(f.values)]
          expect(route.listed!(answer).filter((listedId) => own.includes(listedId))).toEqual([])
          // and A itself does see its resources there, so the check above can fail
          const mine = route.listed!(await env.client(id).send(sampleRequest(route, f), f.a))
          expect(mine.some((listedId) => own.includes(listedId)), `${name}: A sees none of its own resources`).toBe(true)
        }
      })
    }

    if (profile.routes.some((r) => r.roles !== undefined)) {
      it.each(guarded.map((r) => [r.name, r] as const))('%s: each role gets the documented answer (its 2xx or 403)', async (name, route) => {
        for (const role of route.roles ?? []) expect(f.roles, `${name}: role ${role} has no credentials in the fixture`).toHaveProperty(role)
        for (const role of Object.keys(f.roles)) {
          const allowed = route.roles === undefined || route.roles.includes(role)
          if (allowed) {
            const fixture = route.writes ? await env.fresh(id) : f
            await route.arrange?.(env.client(id), fixture)
            const answer = await env.client(id).send(sampleRequest(route, fixture), fixture.roles[role])
            expect(answer.status, `${name} as ${role}: ${answer.text}`).toBe(route.ok)
            if (route.writes) f = await env.fresh(id)
          } else {
            await expectRefused(id, profile, sampleRequest(route, f), f.roles[role], 403, forbiddenCode(profile, route), `${name} as ${role}`)
          }
        }
      })
    }

    it('unknown paths and methods without credentials never answer 2xx or 5xx', async () => {
      const paths = ['/', '/v1', '/v1/', '/admin', '/v2/bdbs/1', '/instances/../_emulator/health', '/%2e%2e/_emulator/health', '/identity/v3', '/v1/regions']
      for (const path of paths) {
        for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const) {
          const before = env.snapshot(id)
          const answer = await env.client(id).send({ method, path })
          expect(answer.status, `${method} ${path}: ${answer.text}`).toBeGreaterThanOrEqual(400)
          expect(answer.status).toBeLessThan(500)
          expect(profile.readError({ method, path }, answer), `${method} ${path}`).toHaveProperty('code')
          expect(env.snapshot(id)).toBe(before)
        }
      }
    })
  })
}

describe('the control plane', () => {
  it('answers without provider credentials on every listener when no control token is set', async () => {
    for (const url of Object.values(env.emulator.urls)) {
      const client = new Client(url)
      const answer = await client.send({ method: 'GET', path: '/_emulator/health' })
      client.close()
      expect(answer.status, url).toBe(200)
    }
  })

  describe('with a control token', () => {
    let guarded: SuiteEmulator
    const TOKEN = 'hardening-control-token'
    beforeAll(async () => {
      guarded = await startSuiteEmulator({ controlToken: TOKEN })
    })
    afterAll(() => guarded.close())

    const CONTROL: Outgoing[] = [
      { method: 'GET', path: '/_emulator/health' },
      { method: 'POST', path: '/_emulator/reset' },
      { method: 'POST', path: '/_emulator/seed', headers: { 'content-type': 'application/json' }, body: '{"providers":{}}' },
      { method: 'GET', path: '/_emulator/clock' },
      { method: 'POST', path: '/_emulator/clock', headers: { 'content-type': 'application/json' }, body: '{"advanceMs":1}' },
      { method: 'GET', path: '/_emulator/delays' },
      { method: 'PUT', path: '/_emulator/delays', headers: { 'content-type': 'application/json' }, body: '{}' },
      { method: 'GET', path: '/_emulator/faults' },
      { method: 'POST', path: '/_emulator/faults', headers: { 'content-type': 'application/json' }, body: '{"status":500,"code":"x"}' },
      { method: 'DELETE', path: '/_emulator/faults' },
      { method: 'GET', path: '/_emulator/requests' },
      { method: 'DELETE', path: '/_emulator/requests' },
      { method: 'GET', path: '/_emulator/state' },
      { method: 'PUT', path: '/_emulator/state', headers: { 'content-type': 'application/json' }, body: '{"providers":{}}' },
      { method: 'GET', path: '/_emulator/no-such-route' },
    ]
    const refusals: [string, Record<string, string>][] = [
      ['no token', {}],
      ['a wrong token', { 'x-emulator-token': 'not-it' }],
      ['a wrong bearer token', { authorization: 'Bearer not-it' }],
      ['the token as Basic credentials', { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }],
      ['an empty token', { 'x-emulator-token': '' }],
    ]

    it('refuses every control route on every listener without the right token (401), and changes nothing', async () => {
      for (const { id } of registered()) await guarded.fresh(id)
      const document = JSON.stringify(guarded.emulator.store.document())
      for (const url of Object.values(guarded.emulator.urls)) {
        const client = new Client(url)
        for (const request of CONTROL) {
          for (const [label, headers] of refusals) {
            const answer = await client.send({ ...request, headers: { ...request.headers, ...headers } })
            expect(answer.status, `${request.method} ${request.path} with ${label} on ${url}`).toBe(401)
            expect(JSON.parse(answer.text)).toEqual({ error: { message: 'the control plane needs the X-Emulator-Token header' } })
          }
        }
        client.close()
      }
      expect(JSON.stringify(guarded.emulator.store.document())).toBe(document)
      expect(guarded.emulator.faults.list()).toEqual([])
    })

    it('accepts the token as X-Emulator-Token or as a bearer token', async () => {
      const client = new Client(guarded.emulator.urls.kakaocloud)
      expect((await client.send({ method: 'GET', path: '/_emulator/health', headers: { 'x-emulator-token': TOKEN } })).status).toBe(200)
      expect((await client.send({ method: 'GET', path: '/_emulator/state', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200)
      client.close()
    })
  })
})

describe('JDCloud signatures against tampering', () => {
  const profile = registered().find((p) => p.id === 'jdcloud')!.profile
  let f: Fixture
  beforeAll(async () => {
    f = await env.fresh('jdcloud')
  })

  const patch = (): Outgoing => ({
    method: 'PATCH',
    path: `/v1/regions/${REGION}/cacheInstance/${f.params.instance}`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ cacheInstanceName: 'signed_name' }),
  })
  const list = (): Outgoing => ({ method: 'GET', path: `/v1/regions/${REGION}/cacheInstance?pageNumber=1&pageSize=10` })
  /** Signs `signed`, then sends `sent` with those headers (changed by `edit`): what an attacker replaying a request can do. */
  const replay = (signed: Outgoing, sent: Outgoing, edit: (h: Record<string, string>) => void = () => {}): Auth => () => {
    const headers = jdSign(signed)
    edit(headers)
    return headers
  }
  const minutes = (n: number) => new Date(Date.now() + n * 60_000)

  it('the untampered requests are accepted (the control case)', async () => {
    expect((await env.client('jdcloud').send(list(), jdAuth(DEFAULT_ACCOUNT))).status).toBe(200)
    const answer = await env.client('jdcloud').send(patch(), jdAuth(DEFAULT_ACCOUNT))
    expect(answer.status, answer.text).toBe(200)
  })

  const cases: [string, () => { request: Outgoing; auth: Auth }][] = [
    ['body changed after signing', () => ({ request: { ...patch(), body: JSON.stringify({ cacheInstanceName: 'evil_name' }) }, auth: replay(patch(), patch()) })],
    ['body appended', () => ({ request: { ...patch(), body: `${patch().body} ` }, auth: replay(patch(), patch()) })],
    ['path changed to another instance', () => ({ request: { ...patch(), path: `/v1/regions/${REGION}/cacheInstance/redis-othr000001` }, auth: replay(patch(), patch()) })],
    ['path changed to another region', () => ({ request: { ...list(), path: '/v1/regions/cn-south-1/cacheInstance?pageNumber=1&pageSize=10' }, auth: replay(list(), list()) })],
    ['query value changed', () => ({ request: { ...list(), path: list().path.replace('pageSize=10', 'pageSize=20') }, auth: replay(list(), list()) })],
    ['query parameter added', () => ({ request: { ...list(), path: `${list().path}&filters.1.name=instanceId&filters.1.values.1=x` }, auth: replay(list(), list()) })],
    ['query parameter removed', () => ({ request: { ...list(), path: list().path.replace('&pageSize=10', '') }, auth: replay(list(), list()) })],
    ['method changed', () => ({ request: { ...list(), method: 'DELETE', path: `/v1/regions/${REGION}/cacheInstance/${f.params.instance}` }, auth: replay({ ...list(), path: `/v1/regions/${REGION}/cacheInstance/${f.params.instance}` }, list()) })],
    ['signed header x-jdcloud-nonce changed', () => ({ request: list(), auth: replay(list(), list(), (h) => (h['x-jdcloud-nonce'] = 'another-nonce')) })],
    ['signed header content-type changed', () => ({ request: { ...patch(), headers: { 'content-type': 'application/json' } }, auth: replay(patch(), patch(), (h) => (h['content-type'] = 'text/plain')) })],
    ['signed header host changed', () => ({ request: list(), auth: replay(list(), list(), (h) => (h.host = 'evil.example')) })],
    ['x-jdcloud-date changed after signing', () => ({ request: list(), auth: replay(list(), list(), (h) => (h['x-jdcloud-date'] = h['x-jdcloud-date'].replace(/\d\dZ$/, (s) => `${String((Number(s.slice(0, 2)) + 1) % 60).padStart(2, '0')}Z`))) })],
    ['x-jdcloud-date removed', () => ({ request: list(), auth: replay(list(), list(), (h) => delete h['x-jdcloud-date']) })],
    ['signed 16 minutes in the past (date skew)', () => ({ request: list(), auth: jdAuth(DEFAULT_ACCOUNT, { date: minutes(-16) }) })],
    ['signed 16 minutes in the future (date skew)', () => ({ request: list(), auth: jdAuth(DEFAULT_ACCOUNT, { date: minutes(16) }) })],
    ['signed a year ago (replay)', () => ({ request: list(), auth: jdAuth(DEFAULT_ACCOUNT, { date: minutes(-525_600) }) })],
    ['signature hex altered', () => ({ request: list(), auth: replay(list(), list(), (h) => (h.authorization = h.authorization.replace(/Signature=(.)/, (_m, c: string) => `Signature=${c === '0' ? '1' : '0'}`))) })],
    ['another access key with this signature', () => ({ request: list(), auth: replay(list(), list(), (h) => (h.authorization = h.authorization.replace(DEFAULT_ACCOUNT.accessKey, SECOND_ACCOUNT.accessKey))) })],
    ['credential scope names another region', () => ({ request: list(), auth: jdAuth(DEFAULT_ACCOUNT, { region: 'cn-south-1' }) })],
    ['credential scope names another service', () => ({ request: list(), auth: jdAuth(DEFAULT_ACCOUNT, { service: 'vm' }) })],
    ['SignedHeaders list altered', () => ({ request: list(), auth: replay(list(), list(), (h) => (h.authorization = h.authorization.replace('SignedHeaders=accept;', 'SignedHeaders='))) })],
  ]

  it.each(cases)('%s -> 401 UNAUTHENTICATED, nothing changed', async (label, make) => {
    const { request, auth } = make()
    await expectRefused('jdcloud', profile, request, auth, 401, 'UNAUTHENTICATED', label)
  })
})
