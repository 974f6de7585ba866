// The dashboard's data routes (issue 18): overview, resources with paging and filters, one resource exactly as its
// provider's API answers it, "copy as curl" that works as pasted, and fault rules removed one by one.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../src/emulator.js'
import { redisEnterprise } from '../../src/providers/redis-enterprise/index.js'
import { createHarness, HARNESS_EPOCH, type Harness } from '../helpers/harness.js'
import { BASE, createInstance as createJdInstance, jd } from '../helpers/jdcloud.js'
import { clusterBody, READY_TOKEN } from '../helpers/kakaocloud.js'
import { createInstance, OTHER, rtg } from '../helpers/redistogo.js'

const run = promisify(execFile)

describe('dashboard data', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })
  const control = (path: string) => h.request('redistogo').get(`/_emulator${path}`)

  it('lists a provider`s resources a page at a time, with scopes, search and the next transition', async () => {
    for (let i = 0; i < 3; i++) await createInstance(h, 'nano')
    await createInstance(h, 'nano', OTHER)
    const first = await control('/resources?provider=redistogo&limit=2').expect(200)
    expect(first.body).toMatchObject({ provider: 'redistogo', total: 4, offset: 0, limit: 2, scopes: ['redistogo', 'waratuman'] })
    expect(first.body.items[0]).toEqual({
      provider: 'redistogo',
      collection: 'instances',
      kind: 'instance',
      id: '1',
      name: first.body.items[0].name,
      scope: 'redistogo',
      status: 'new',
      pending: { kind: 'redistogo.instance.create', at: HARNESS_EPOCH + 1000, time: '2026-01-15T10:00:01.000Z' },
    })
    const second = await control('/resources?provider=redistogo&limit=2&offset=2').expect(200)
    expect(second.body.items.map((i: { id: string }) => i.id)).toEqual(['3', '4'])
    const other = await control('/resources?provider=redistogo&scope=waratuman').expect(200)
    expect(other.body.items.map((i: { id: string }) => i.id)).toEqual(['4'])
    const search = await control('/resources?provider=redistogo&q=3').expect(200)
    expect(search.body.items.map((i: { id: string }) => i.id)).toContain('3')
  })

  it('pages through 10,000 resources, 100 to a page by default', async () => {
    const first = await createInstance(h, 'nano')
    const document = (await control('/state?provider=redistogo').expect(200)).body
    const state = document.providers.redistogo
    for (let id = 2; id <= 10_000; id++) state.instances[String(id)] = { ...first, id, label: `bulk-${id}` }
    state.lifecycle.pending = []
    await h.request('redistogo').put('/_emulator/state?provider=redistogo').send(document).expect(200)
    const page = await control('/resources?provider=redistogo&offset=9950').expect(200)
    expect(page.body).toMatchObject({ total: 10_000, offset: 9950, limit: 100 })
    expect(page.body.items).toHaveLength(50)
    expect(page.body.items.at(-1)).toMatchObject({ id: '10000', name: 'bulk-10000' })
    expect((await control('/resources?provider=redistogo&q=bulk-777').expect(200)).body.items.map((i: { id: string }) => i.id)).toEqual(['777', '7770', '7771', '7772', '7773', '7774', '7775', '7776', '7777', '7778', '7779'])
  })

  it('applies due transitions before it reads, as a provider request would', async () => {
    await createInstance(h, 'nano')
    h.clock.advance(1000)
    const res = await control('/resources?provider=redistogo').expect(200)
    expect(res.body.items[0]).toMatchObject({ id: '1', status: 'running' })
    expect(res.body.items[0].pending).toBeUndefined()
  })

  it('refuses unknown providers, collections, ids and out-of-range paging in the control envelope', async () => {
    expect((await control('/resources?provider=nope').expect(400)).body).toEqual({
      error: { message: 'unknown provider "nope"; enabled providers: redis-enterprise, jdcloud, kakaocloud, redistogo' },
    })
    expect((await control('/resources?provider=redistogo&limit=501').expect(400)).body.error.message).toMatch(/^invalid query: limit: /)
    expect((await control('/resources?provider=redistogo&bogus=1').expect(400)).body.error.message).toMatch(/^invalid query: /)
    expect((await control('/resources/redistogo/servers/1').expect(404)).body).toEqual({ error: { message: 'redistogo has no resource collection "servers"' } })
    expect((await control('/resources/redistogo/instances/99').expect(404)).body).toEqual({ error: { message: 'redistogo has no instance "99"' } })
    expect((await control('/resources/redistogo/instances/__proto__').expect(404)).body).toEqual({ error: { message: 'redistogo has no instance "__proto__"' } })
  })

  it('shows a Redis To Go instance exactly as GET /instances/:id.json and .xml answer it', async () => {
    await createInstance(h, 'nano')
    const detail = await control('/resources/redistogo/instances/1').expect(200)
    const json = await rtg(h, 'get', '/instances/1.json').expect(200)
    const xml = await rtg(h, 'get', '/instances/1.xml').expect(200)
    expect(detail.body.body).toEqual(json.body)
    expect(detail.body.xml).toBe(xml.text)
    expect(detail.body.pending).toEqual([{ kind: 'redistogo.instance.create', at: HARNESS_EPOCH + 1000, time: '2026-01-15T10:00:01.000Z' }])
    expect(detail.body.realRedis).toBeUndefined()
  })

  it('shows a JDCloud instance as describeCacheInstance`s result, a KakaoCloud cluster and a Redis Enterprise bdb as their GETs answer them', async () => {
    const jdId = await createJdInstance(h)
    const described = await jd(h, 'GET', `${BASE}/cacheInstance/${jdId}`).expect(200)
    const jdDetail = await control(`/resources/jdcloud/instances/${jdId}`).expect(200)
    expect(jdDetail.body).toMatchObject({ kind: 'cache instance', scope: 'default / cn-north-1', status: 'creating' })
    expect(jdDetail.body.body).toEqual({ result: described.body.result })

    const created = await h.request('kakaocloud').post('/v1/clusters').set('X-Auth-Token', READY_TOKEN).send(clusterBody()).expect(201)
    const cluster = await h.request('kakaocloud').get(`/v1/clusters/${created.body.objectId}`).set('X-Auth-Token', READY_TOKEN).expect(200)
    const kcDetail = await control(`/resources/kakaocloud/clusters/${created.body.objectId}`).expect(200)
    expect(kcDetail.body.body).toEqual(cluster.body)
    expect(kcDetail.body.status).toBe(cluster.body.status)
    // issue #19: the detail names the document and the tag of the operations acting on its kind
    expect(kcDetail.body.openapi).toEqual({ document: '/_emulator/openapi/kakaocloud.json', tag: 'clusters' })

    const admin = ['admin@redis.local', 'admin-pass'] as const
    const bdb = await h.request('redis-enterprise').post('/v1/bdbs').auth(...admin).send({ name: 'cache', memory_size: 104857600 }).expect(200)
    const read = await h.request('redis-enterprise').get(`/v1/bdbs/${bdb.body.uid}`).auth(...admin).expect(200)
    const reDetail = await control(`/resources/redis-enterprise/bdbs/${bdb.body.uid}`).expect(200)
    const role = await h.request('redis-enterprise').get('/v1/roles/1').auth(...admin).expect(200)
    expect((await control('/resources/redis-enterprise/roles/1').expect(200)).body.body).toEqual(role.body)
    const acl = await h.request('redis-enterprise').get('/v1/redis_acls/1').auth(...admin).expect(200)
    expect((await control('/resources/redis-enterprise/redis_acls/1').expect(200)).body.body).toEqual(acl.body)
    expect(reDetail.body).toMatchObject({ kind: 'database', name: 'cache', status: read.body.status })
    expect(reDetail.body.body).toEqual(read.body)
  })

  it('gives an overview: version, clock, delays and each provider`s codes, collections and pending count', async () => {
    await createInstance(h, 'nano')
    const res = await control('/overview').expect(200)
    expect(res.body).toMatchObject({ clock: { nowMs: HARNESS_EPOCH, frozen: true }, controlToken: false, realRedis: null })
    expect(res.body.delays['redistogo.instance.create']).toBe(1000)
    const rtgView = res.body.providers.find((p: { id: string }) => p.id === 'redistogo')
    expect(rtgView).toMatchObject({
      title: 'Redis To Go',
      urls: [],
      snippets: [],
      errorCodes: { unprocessable_entity: 422, not_found: 404, not_acceptable: 406, bad_request: 400, request_too_large: 413, internal: 500 },
      collections: [{ collection: 'instances', kind: 'instance', count: 1, openapiTag: 'instances' }],
      pending: 1,
      openapi: '/_emulator/openapi/redistogo.json',
    })
    expect(rtgView.credentials[0]).toBe('Basic auth accounts (user:password): redistogo:redistogo, waratuman:waratuman')
    const reView = res.body.providers.find((p: { id: string }) => p.id === 'redis-enterprise')
    expect(reView.errorCodes).toEqual(redisEnterprise.dashboard!.errorCodes)
  })

  it('each collection\'s OpenAPI tag is a tag of its provider\'s document, carried by the operations acting on that kind (issue #19)', async () => {
    const { providers } = (await control('/overview').expect(200)).body as { providers: { id: string; openapi: string | null; collections: { collection: string; openapiTag?: string }[] }[] }
    const problems: string[] = []
    for (const provider of providers.filter((p) => p.openapi)) {
      const doc = (await h.request('redistogo').get(provider.openapi!).expect(200)).body as { tags: { name: string }[]; paths: Record<string, Record<string, { tags: string[] }>> }
      const used = new Set(Object.values(doc.paths).flatMap((methods) => Object.values(methods).flatMap((op) => op.tags)))
      for (const c of provider.collections) {
        if (!c.openapiTag) problems.push(`${provider.id}/${c.collection}: no openapiTag`)
        else if (!doc.tags.some((t) => t.name === c.openapiTag)) problems.push(`${provider.id}/${c.collection}: "${c.openapiTag}" is not a tag of the document`)
        // a provider whose operations are still being described (no operation yet) is not held to the second rule
        else if (used.size && !used.has(c.openapiTag)) problems.push(`${provider.id}/${c.collection}: no operation is tagged "${c.openapiTag}"`)
      }
    }
    expect(problems).toEqual([])
    expect(providers.find((p) => p.id === 'kakaocloud')!.collections.map((c) => c.openapiTag)).toEqual(['clusters', 'parameter-groups', 'backups'])
  })

  it('removes one fault rule by id, and answers 404 for one that is gone', async () => {
    await h.request('redistogo').post('/_emulator/faults').send({ path: '/a', latencyMs: 1 }).expect(201)
    await h.request('redistogo').post('/_emulator/faults').send({ path: '/b', latencyMs: 1 }).expect(201)
    expect((await h.request('redistogo').delete('/_emulator/faults/1').expect(200)).body).toEqual({ deleted: 1 })
    expect((await control('/faults')).body.faults.map((f: { path: string }) => f.path)).toEqual(['/b'])
    expect((await h.request('redistogo').delete('/_emulator/faults/1').expect(404)).body).toEqual({ error: { message: 'no fault rule 1' } })
    expect((await h.request('redistogo').delete('/_emulator/faults/x').expect(404)).body).toEqual({ error: { message: 'no fault rule x' } })
  })

  it('lists the named seeds, and the demo seed loads a running resource in every provider', async () => {
    expect((await control('/seeds').expect(200)).body).toEqual({ seeds: ['demo'] })
    const seeded = await h.request('redistogo').post('/_emulator/seed').send({ name: 'demo' }).expect(200)
    expect(seeded.body).toEqual({ seeded: ['redis-enterprise', 'jdcloud', 'kakaocloud', 'redistogo'] })
    const statuses: Record<string, string[]> = {}
    for (const [provider, collection] of [['redis-enterprise', 'bdbs'], ['jdcloud', 'instances'], ['kakaocloud', 'clusters'], ['redistogo', 'instances']]) {
      statuses[provider] = (await control(`/resources?provider=${provider}&collection=${collection}`).expect(200)).body.items.map((i: { status: string }) => i.status)
    }
    expect(statuses).toEqual({ 'redis-enterprise': ['active'], jdcloud: ['running'], kakaocloud: ['Running'], redistogo: ['running', 'running'] })
    expect((await rtg(h, 'get', '/instances.json').expect(200)).body.map((i: { instance: { label: string } }) => i.instance.label)).toEqual(['sessions', 'cache'])
  })

  it('serves the page and its two assets, and nothing else from the folder', async () => {
    const page = await control('/ui').expect(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.text).toContain('<script type="module" src="/_emulator/ui/app.js"></script>')
    expect((await control('/ui/app.js').expect(200)).headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect((await control('/ui/app.css').expect(200)).headers['content-type']).toBe('text/css; charset=utf-8')
    await control('/ui/..%2f..%2fpackage.json').expect(404)
    await control('/ui/dashboard.ts').expect(404)
  })
})

describe('copy as curl, pasted into a shell', () => {
  let emulator: RunningEmulator
  beforeAll(async () => {
    emulator = await startEmulator({ inMemory: true, port: 0, fast: true })
  })
  afterAll(() => emulator.close())

  /** The curl for the newest journaled request of the provider, run by bash: its status and body. */
  async function replay(provider: string): Promise<{ command: string; status: number; body: string }> {
    const base = emulator.urls.redistogo // the control plane answers on every port
    const { requests } = (await (await fetch(`${base}/_emulator/requests?provider=${provider}&limit=1`)).json()) as { requests: { id: number }[] }
    const { curl } = (await (await fetch(`${base}/_emulator/requests/${requests[0].id}/curl`)).json()) as { curl: string }
    const { stdout } = await run('bash', ['-c', `${curl} -w '\\n%{http_code}'`])
    const lines = stdout.split('\n')
    return { command: curl, status: Number(lines.pop()), body: lines.join('\n') }
  }

  it('Redis To Go: the same POST again, with Basic credentials', async () => {
    const auth = `Basic ${Buffer.from('redistogo:redistogo').toString('base64')}`
    await fetch(`${emulator.urls.redistogo}/instances.json`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: '{"instance":{"plan":"nano"}}' })
    const again = await replay('redistogo')
    expect(again.command).toBe(
      `curl -sS -X POST '${emulator.urls.redistogo}/instances.json' -H 'Content-Type: application/json' -H 'Authorization: ${auth}' --data-raw '{"instance":{"plan":"nano"}}'`,
    )
    expect(again.status).toBe(201)
    expect(JSON.parse(again.body)).toMatchObject({ id: 2, plan: 'nano' })
  })

  it('JDCloud: a freshly signed request that the signature check accepts, every time it is copied', async () => {
    const jdBase = emulator.urls.jdcloud
    // an unsigned request is journaled too; what matters is that the copy carries a valid signature
    await fetch(`${jdBase}/v1/regions/cn-north-1/quota`)
    const first = await replay('jdcloud')
    expect(first.command).toMatch(/-H 'Authorization: JDCLOUD2-HMAC-SHA256 Credential=EMUJDC0000000000000000000000AK01\/\d{8}\/cn-north-1\/redis\/jdcloud2_request, SignedHeaders=host;x-jdcloud-date;x-jdcloud-nonce, Signature=[0-9a-f]{64}'/)
    expect(first.status).toBe(200)
    expect(JSON.parse(first.body).result).toBeDefined()
    const second = await replay('jdcloud')
    expect(second.status).toBe(200)
    expect(second.command).not.toBe(first.command)
  })

  it('KakaoCloud and Redis Enterprise: a live token, and Basic over HTTPS with -k', async () => {
    await fetch(`${emulator.urls.kakaocloud}/v1/clusters`)
    const kc = await replay('kakaocloud')
    expect(kc.command).toContain(`-H 'X-Auth-Token: ${READY_TOKEN}'`)
    expect(kc.status).toBe(200)

    await fetch(`${emulator.urls['redis-enterprise-http']}/v1/bdbs`)
    const re = await replay('redis-enterprise')
    expect(re.command.startsWith(`curl -sS -k -X GET '${emulator.urls['redis-enterprise']}/v1/bdbs'`)).toBe(true)
    expect(re.status).toBe(200)
  })

  it('answers 404 for a request the journal no longer holds', async () => {
    const res = await fetch(`${emulator.urls.redistogo}/_emulator/requests/999999/curl`)
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: { message: 'the journal holds no request 999999' } })
  })

  it('the overview names every listener`s URL and the snippets point at them', async () => {
    const overview = (await (await fetch(`${emulator.urls.redistogo}/_emulator/overview`)).json()) as { providers: { id: string; urls: { url: string }[]; snippets: { code: string }[] }[] }
    const re = overview.providers.find((p) => p.id === 'redis-enterprise')!
    expect(re.urls.map((u) => u.url)).toEqual([emulator.urls['redis-enterprise'], emulator.urls['redis-enterprise-http'], emulator.urls['redis-enterprise-metrics']])
    const jdView = overview.providers.find((p) => p.id === 'jdcloud')!
    expect(jdView.snippets[0].code).toContain(`endpoint: { host: '${emulator.urls.jdcloud.replace('http://', '')}', protocol: 'http' }`)
  })
})
