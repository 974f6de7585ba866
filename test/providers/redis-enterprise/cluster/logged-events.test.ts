// The cluster set-up writes the event log records (reference-more §12 names licence and cluster updates among the
// logged events; the type names are inferred, as the docs give none for them).
import { beforeEach, describe, expect, it } from 'vitest'
import { HARNESS_EPOCH } from '../../../helpers/harness.js'
import { createReHarness, type ReHarness } from '../../../helpers/redis-enterprise.js'
import { licenseKey } from './helpers.js'

let h: ReHarness
beforeEach(async () => {
  h = await createReHarness()
})

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

describe('event log of cluster set-up (inferred type names)', () => {
  it('a licence upload is license_updated and a cluster update cluster_updated, at the emulator time; a dry run logs nothing', async () => {
    const key = licenseKey({ shards_limit: 100, expiration_date: '2099-01-01T00:00:00Z' })
    await h.as('admin').put('/v1/license?dry_run=true', { license: key }).expect(200)
    await h.as('admin').put('/v1/cluster?dry_run=true', { email_alerts: true }).expect(200)
    expect((await h.as('admin').get('/v1/logs').expect(200)).body).toEqual([])
    await h.as('admin').put('/v1/license', { license: key }).expect(200)
    h.clock.advance(1000)
    await h.as('admin').put('/v1/cluster', { email_alerts: true }).expect(200)
    expect((await h.as('admin').get('/v1/logs').expect(200)).body).toEqual([
      { severity: 'INFO', time: iso(HARNESS_EPOCH), type: 'license_updated' },
      { severity: 'INFO', time: iso(HARNESS_EPOCH + 1000), type: 'cluster_updated' },
    ])
  })
})
