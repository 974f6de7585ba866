// Cluster set-up state lives in the slice: it survives a restart (a bootstrap in flight included), and validateSlice
// accepts it from an export and rejects malformed versions of it.
import { afterEach, describe, expect, it } from 'vitest'
import { createFileHarness, tempDir } from '../../../helpers/harness.js'
import { createReHarness, RE, withRoles, type ReHarness } from '../../../helpers/redis-enterprise.js'
import { anonymous, BOOTSTRAP_CREATE, BOOTSTRAP_START, CERTS, licenseKey } from './helpers.js'

let cleanup: (() => Promise<void>) | undefined
afterEach(async () => {
  await cleanup?.()
  cleanup = undefined
})

const fresh = { providers: { [RE]: { settings: { bootstrapped: false } } } }
const OPS = ['ops@example.test', 'ops-password'] as const

describe('restart', () => {
  it('a bootstrap in flight completes on the restarted clock; what it set and later writes are kept', async () => {
    const tmp = await tempDir()
    cleanup = tmp.cleanup
    const first = withRoles(await createFileHarness(tmp.dir, fresh))
    const body = { action: 'create_cluster', cluster: { name: 'kept.example.test' }, credentials: { username: OPS[0], password: OPS[1] } }
    expect((await anonymous(first).post('/v1/bootstrap/create_cluster').send(body)).status).toBe(200)
    first.clock.advance(first.emulator.delays.get(BOOTSTRAP_START))

    const second = withRoles(await createFileHarness(tmp.dir, fresh, first.clock))
    expect((await anonymous(second).get('/v1/bootstrap')).body.bootstrap_status.state).toBe('creating_cluster')
    second.clock.advance(second.emulator.delays.get(BOOTSTRAP_CREATE))
    const as = (req: any) => req.auth(...OPS)
    expect((await as(anonymous(second).get('/v1/bootstrap'))).body.bootstrap_status.state).toBe('completed')
    const key = licenseKey({ shards_limit: 20, expiration_date: '2030-01-01T00:00:00Z' })
    for (const [path, payload] of [
      ['/v1/license', { license: key }],
      ['/v1/cluster', { email_alerts: true }],
      ['/v1/cluster/policy', { default_shards_placement: 'sparse' }],
      ['/v1/cluster/services_configuration', { stats_archiver: { operating_mode: 'enabled' } }],
      ['/v1/cluster/certificates', { certificates: [{ name: 'proxy', ...CERTS.ocsp }] }],
      ['/v1/ocsp', { query_frequency: 600 }],
      ['/v1/proxies/2', { proxy: { threads: 6 } }],
    ] as const) {
      expect((await as(anonymous(second).put(path)).send(payload)).status, path).toBe(200)
    }

    const third = withRoles(await createFileHarness(tmp.dir, fresh, second.clock))
    const get = async (path: string) => (await as(anonymous(third).get(path))).body
    expect(await get('/v1/cluster')).toMatchObject({ name: 'kept.example.test', email_alerts: true, proxy_certificate: CERTS.ocsp.certificate })
    expect(await get('/v1/license')).toMatchObject({ shards_limit: 20, license: key })
    expect((await get('/v1/cluster/policy')).default_shards_placement).toBe('sparse')
    expect((await get('/v1/cluster/services_configuration')).stats_archiver).toEqual({ operating_mode: 'enabled' })
    expect(await get('/v1/ocsp')).toMatchObject({ query_frequency: 600, responder_url: 'http://ocsp.test-cluster.local/' })
    expect((await get('/v1/proxies/2')).threads).toBe(6)
    expect((await get('/v1/users')).map((u: any) => u.email)).toEqual([OPS[0]])
  })
})

describe('state import of the cluster record', () => {
  let h: ReHarness
  const exported = async () => (await h.request(RE).get(`/_emulator/state?provider=${RE}`)).body
  const put = (document: object) => h.request(RE).put(`/_emulator/state?provider=${RE}`).send(document)
  const populate = async () => {
    h = await createReHarness()
    await h.as('admin').put('/v1/license', { license: licenseKey({ shards_limit: 20, expiration_date: '2030-01-01T00:00:00Z' }) })
    await h.as('admin').put('/v1/cluster/policy', { rack_aware: true })
    await h.as('admin').put('/v1/proxies/1', { proxy: { threads: 5 } })
    await h.as('admin').put('/v1/cluster/certificates', { certificates: [{ name: 'api', ...CERTS.plain }] })
  }

  it('an exported state with a cluster record goes back in unchanged', async () => {
    await populate()
    const document = await exported()
    expect(document.providers[RE].cluster.license.shards_limit).toBe(20)
    expect((await put(document)).status).toBe(200)
    expect(await exported()).toEqual(document)
  })

  it.each([
    ['a licence without its limit', (s: any) => delete s.cluster.license.shards_limit, /cluster\.license\.shards_limit/],
    ['a licence with a date that is not a wire time', (s: any) => (s.cluster.license.expiration_date = 'soon'), /cluster\.license\.expiration_date/],
    ['a service with an unknown mode', (s: any) => (s.cluster.services.cm_server = { operating_mode: 'off' }), /cluster\.services\.cm_server/],
    ['a certificate that is not PEM', (s: any) => (s.cluster.certificates.api.certificate = 'x'), /cluster\.certificates\.api\.certificate/],
    ['a proxy under a key that is not a uid', (s: any) => (s.cluster.proxies.first = {}), /cluster\.proxies/],
    ['a bootstrap in an undocumented state', (s: any) => (s.cluster.bootstrap = { state: 'booting', attempt: 1 }), /cluster\.bootstrap\.state/],
    ['an unknown key in the record', (s: any) => (s.cluster.extra = 1), /cluster/],
  ])('%s is a 400 and changes nothing', async (_label, edit, message) => {
    await populate()
    const document = await exported()
    const before = JSON.stringify(document)
    edit(document.providers[RE])
    const res = await put(document)
    expect(res.status).toBe(400)
    expect(res.body.error.message).toMatch(message)
    expect(JSON.stringify(await exported())).toBe(before)
  })
})
