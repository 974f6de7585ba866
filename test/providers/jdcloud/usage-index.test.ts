// The per-account, per-region instance counts (src/providers/jdcloud/usage.ts) answer exactly as a scan of the stored
// instances would: describeUserQuota's `used` and the quota a create enforces, after creates, deletes, a refused
// create, reset, state import, seed and a restart. Also: the cached signing keys never outlive a secret key.
import { describe, expect, it } from 'vitest'
import { createFileHarness, createHarness, tempDir, type Harness } from '../../helpers/harness.js'
import { BASE, createBody, createInstance, DEFAULT_ACCOUNT, jd, SECOND_ACCOUNT, type JdAccount } from '../../helpers/jdcloud.js'

const used = async (h: Harness, account: JdAccount = DEFAULT_ACCOUNT, region = 'cn-north-1') => {
  const res = await jd(h, 'GET', `/v1/regions/${region}/quota`, undefined, { account })
  expect(res.status).toBe(200)
  return res.body.result.quota.used as number
}

function stateOf(h: Harness) {
  return h.request('jdcloud').get('/_emulator/state?provider=jdcloud').then((r) => r.body)
}

describe('jdcloud instance counts', () => {
  it('follow creates and deletes per account and region', async () => {
    const h = await createHarness({ fast: true })
    const ids: string[] = []
    for (let i = 0; i < 8; i++) ids.push(await createInstance(h, { cacheInstanceName: `n_${i}` }))
    await createInstance(h, {}, undefined, SECOND_ACCOUNT)
    const south = await jd(h, 'POST', '/v1/regions/cn-south-1/cacheInstance', createBody({ azId: { master: 'cn-south-1a', slave: 'cn-south-1b' } }))
    expect(south.status).toBe(200)
    expect(await used(h)).toBe(8)
    expect(await used(h, SECOND_ACCOUNT)).toBe(1)
    expect(await used(h, DEFAULT_ACCOUNT, 'cn-south-1')).toBe(1)
    expect(await used(h, DEFAULT_ACCOUNT, 'cn-east-2')).toBe(0)
    // Deleting: still counted while deleting, not once gone (fast: gone on the next request).
    await jd(h, 'GET', `${BASE}/cacheInstance/${ids[3]}`).expect(200)
    await jd(h, 'DELETE', `${BASE}/cacheInstance/${ids[3]}`).expect(200)
    expect(await used(h)).toBe(7)
    await createInstance(h)
    expect(await used(h)).toBe(8)
    expect(await used(h, SECOND_ACCOUNT)).toBe(1)
  })

  it('the quota holds at its edge, and a refused create counts nothing', async () => {
    const h = await createHarness({ fast: true })
    const slice = (await stateOf(h)).providers.jdcloud
    slice.accounts[DEFAULT_ACCOUNT.accessKey].instanceQuota = 3
    await h.request('jdcloud').put('/_emulator/state?provider=jdcloud').send({ schema: 1, providers: { jdcloud: slice } }).expect(200)
    for (let i = 0; i < 3; i++) await createInstance(h)
    for (let i = 0; i < 2; i++) expect((await jd(h, 'POST', `${BASE}/cacheInstance`, createBody())).status).toBe(429)
    expect((await jd(h, 'POST', `${BASE}/cacheInstance`, createBody({ cacheInstanceClass: 'nope' }))).status).toBe(400)
    expect(await used(h)).toBe(3)
  })

  it('follow reset, state import and seed', async () => {
    const h = await createHarness({ fast: true })
    await createInstance(h)
    await createInstance(h)
    const exported = await stateOf(h)
    expect(await used(h)).toBe(2)

    await h.request('jdcloud').post('/_emulator/reset?provider=jdcloud').expect(200)
    expect(await used(h)).toBe(0)
    await createInstance(h)
    expect(await used(h)).toBe(1)

    await h.request('jdcloud').put('/_emulator/state?provider=jdcloud').send(exported).expect(200)
    expect(await used(h)).toBe(2)
    await createInstance(h)
    expect(await used(h)).toBe(3)

    // A seed moving every instance to the second account.
    const seeded = structuredClone(exported.providers.jdcloud)
    for (const stored of Object.values(seeded.instances) as { account: string }[]) stored.account = SECOND_ACCOUNT.accessKey
    await h.request('jdcloud').post('/_emulator/seed').send({ providers: { jdcloud: seeded } }).expect(200)
    expect(await used(h)).toBe(0)
    expect(await used(h, SECOND_ACCOUNT)).toBe(2)
    await createInstance(h, {}, undefined, SECOND_ACCOUNT)
    expect(await used(h, SECOND_ACCOUNT)).toBe(3)
  })

  it('survive a restart on the same data dir', async () => {
    const { dir, cleanup } = await tempDir()
    try {
      const first = await createFileHarness(dir, { fast: true })
      await createInstance(first)
      await createInstance(first)
      expect(await used(first)).toBe(2)
      await first.emulator.store.flush()
      const second = await createFileHarness(dir, { fast: true }, first.clock)
      expect(await used(second)).toBe(2)
      await createInstance(second)
      expect(await used(second)).toBe(3)
    } finally {
      await cleanup()
    }
  })
})

describe('jdcloud signing keys', () => {
  it('a changed secret key is used at once: the old one is refused, the new one accepted', async () => {
    const h = await createHarness({ fast: true })
    expect(await used(h)).toBe(0)
    const slice = (await stateOf(h)).providers.jdcloud
    const changed = { ...DEFAULT_ACCOUNT, secretKey: 'A-NEW-SECRET-KEY' }
    slice.accounts[DEFAULT_ACCOUNT.accessKey].secretKey = changed.secretKey
    await h.request('jdcloud').put('/_emulator/state?provider=jdcloud').send({ schema: 1, providers: { jdcloud: slice } }).expect(200)
    const old = await jd(h, 'GET', `${BASE}/quota`)
    expect(old.status).toBe(401)
    expect(old.body.error.message).toBe('the request signature does not match')
    expect(await used(h, changed)).toBe(0)
  })
})
