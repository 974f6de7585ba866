// PUT /v1/license (reference §4): a valid key changes GET /v1/license and the shards limit; a bad one is refused; an
// expired one behaves like --redis-enterprise-license-expired.
import { beforeEach, describe, expect, it } from 'vitest'
import { capture, createActiveBdb, createReHarness, expectError, GB, type ReHarness } from '../../../helpers/redis-enterprise.js'
import { licenseKey } from './helpers.js'

let h: ReHarness
beforeEach(async () => {
  h = await createReHarness()
})

const TERMS = { shards_limit: 12, ram_shards_limit: 10, flash_shards_limit: 2, expiration_date: '2027-01-01T00:00:00Z', activation_date: '2026-01-01T00:00:00Z', owner: 'Example Corp', cluster_name: 'docker-cluster', features: ['bigstore'] }
const sharded = (name: string, shards: number) => ({ name, memory_size: GB, sharding: true, shards_count: shards, shard_key_regex: [{ regex: '(?<tag>.*)' }] })

describe('a valid key', () => {
  it('200 with no body; GET /v1/license shows its terms in the captured keys; the shards limit follows it', async () => {
    const key = licenseKey(TERMS)
    expectError(await h.as('admin').post('/v1/bdbs', sharded('wide', 6)), 406, 'insufficient_resources')
    const res = await h.as('admin').put('/v1/license', { license: key })
    expect(res.status).toBe(200)
    expect(res.text).toBe('')
    const license = (await h.as('db_viewer').get('/v1/license')).body
    expect(Object.keys(license)).toEqual(Object.keys(capture('license')))
    expect(license).toEqual({
      activation_date: '2026-01-01T00:00:00Z',
      cluster_name: 'docker-cluster',
      expiration_date: '2027-01-01T00:00:00Z',
      expired: false,
      features: ['bigstore'],
      flash_shards_in_use: 0,
      flash_shards_limit: 2,
      key,
      license: key,
      owner: 'Example Corp',
      ram_shards_in_use: 0,
      ram_shards_limit: 10,
      shards_limit: 12,
    })
    expect((await h.as('admin').post('/v1/bdbs', sharded('wide', 6))).status).toBe(200)
    expectError(await h.as('admin').post('/v1/bdbs', sharded('wider', 7)), 406, 'insufficient_resources')
  })
  it('?dry_run checks the key and installs nothing (inferred: redisctl license validate sends it)', async () => {
    const res = await h.as('admin').put('/v1/license?dry_run=true', { license: licenseKey(TERMS) })
    expect(res.status).toBe(200)
    expect((await h.as('admin').get('/v1/license')).body.shards_limit).toBe(4)
    expectError(await h.as('admin').put('/v1/license?dry_run=true', { license: 'garbage' }), 400, 'invalid_license')
  })
  it('a licence that expires later turns the cluster read-only for creates when its date passes', async () => {
    await h.as('admin').put('/v1/license', { license: licenseKey({ ...TERMS, expiration_date: '2026-01-16T10:00:00Z' }) })
    expect((await h.as('admin').post('/v1/bdbs', { name: 'before', memory_size: GB })).status).toBe(200)
    h.clock.advance(24 * 3600 * 1000)
    expect((await h.as('admin').get('/v1/license')).body.expired).toBe(true)
    expectError(await h.as('admin').post('/v1/bdbs', { name: 'after', memory_size: GB }), 403, 'license_expired')
  })
})

describe('an expired key behaves like the expired-licence flag', () => {
  it('is installed, GET says expired, creates and update-with-action are 403, plain updates still work', async () => {
    const bdb = await createActiveBdb(h)
    const res = await h.as('admin').put('/v1/license', { license: licenseKey({ ...TERMS, expiration_date: '2025-12-31T00:00:00Z' }) })
    expect(res.status).toBe(200)
    expect((await h.as('admin').get('/v1/license')).body).toMatchObject({ expired: true, expiration_date: '2025-12-31T00:00:00Z' })
    expectError(await h.as('admin').post('/v1/bdbs', { name: 'x', memory_size: GB }), 403, 'license_expired')
    expectError(await h.as('admin').put(`/v1/bdbs/${bdb.uid}/flush`, {}), 403, 'license_expired')
    expect((await h.as('admin').put(`/v1/bdbs/${bdb.uid}`, { max_connections: 10 })).status).toBe(200)
  })
  it('and a valid key lifts the expired-licence flag', async () => {
    const expired = await createReHarness({ licenseExpired: true })
    expectError(await expired.as('admin').post('/v1/bdbs', { name: 'x', memory_size: GB }), 403, 'license_expired')
    expect((await expired.as('admin').put('/v1/license', { license: licenseKey(TERMS) })).status).toBe(200)
    expect((await expired.as('admin').post('/v1/bdbs', { name: 'x', memory_size: GB })).status).toBe(200)
  })
})

describe('refusals (D:requests/license)', () => {
  it('400: not a single "license" string key (bad JSON object)', async () => {
    for (const body of [{}, { license: 5 }, { license: licenseKey(TERMS), extra: true }, { key: licenseKey(TERMS) }]) {
      expectError(await h.as('admin').put('/v1/license', body), 400, 'bad_request')
    }
  })
  it('400 invalid_license: a corrupted key (inferred code)', async () => {
    const corrupted = [
      'not a licence',
      '----- LICENSE START -----\n!!!!\n----- LICENSE END -----\n',
      `----- LICENSE START -----\n${Buffer.from('{"shards_limit": 4}').toString('base64')}\n----- LICENSE END -----\n`,
      licenseKey({ ...TERMS, shards_limit: -1 }),
      licenseKey({ ...TERMS, expiration_date: 'tomorrow' }),
      licenseKey(TERMS).replace('----- LICENSE END -----', ''),
    ]
    for (const license of corrupted) expectError(await h.as('admin').put('/v1/license', { license }), 400, 'invalid_license')
  })
  it('406 license_violation: a key for another cluster, or fewer shards than in use (inferred code)', async () => {
    expectError(await h.as('admin').put('/v1/license', { license: licenseKey({ ...TERMS, cluster_name: 'other.example.test' }) }), 406, 'license_violation')
    await createActiveBdb(h, { replication: true })
    expectError(await h.as('admin').put('/v1/license', { license: licenseKey({ ...TERMS, shards_limit: 1 }) }), 406, 'license_violation')
    expect((await h.as('admin').get('/v1/license')).body.shards_limit).toBe(4)
  })
})
