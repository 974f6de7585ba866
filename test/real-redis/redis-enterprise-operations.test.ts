// Real-Redis mode, Redis Enterprise database operations (issue 15 item 4): export writes a real RDB file, import loads
// one into another database, stop_traffic shuts clients out until resume_traffic; bdb_size alerts from INFO.
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { GB, withRoles, type ReHarness } from '../helpers/redis-enterprise.js'
import { authError, closeChecked, connect, createRealHarness, type RealHarness } from '../helpers/real-redis.js'
import { tempDir } from '../helpers/harness.js'

let h: RealHarness & ReHarness
let dir: { dir: string; cleanup: () => Promise<void> }

beforeEach(async () => {
  const real = await createRealHarness()
  h = Object.assign(withRoles(real), { close: real.close })
  dir = await tempDir('rce-export-')
})
afterEach(async () => {
  await closeChecked(h)
  await dir.cleanup()
})

const admin = () => h.as('admin')

async function activeBdb(name: string, body: Record<string, unknown> = {}) {
  const created = await admin().post('/v1/bdbs', { name, memory_size: GB, ...body })
  expect(created.status).toBe(200)
  h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.create'))
  const bdb = (await admin().get(`/v1/bdbs/${created.body.uid}`)).body
  expect(bdb.status).toBe('active')
  return bdb
}

describe('Redis Enterprise operations on real redis-server', () => {
  it('export to a mount_point writes a real RDB; import of it into a second database finds the same keys', async () => {
    const source = await activeBdb('source-db')
    const target = await activeBdb('target-db')
    const writer = await connect(source.endpoints[0].port)
    await writer.set('user:1', 'ada')
    await writer.hSet('h', { a: '1', b: '2' })
    await writer.rPush('list', ['x', 'y'])
    writer.destroy()
    const stale = await connect(target.endpoints[0].port)
    await stale.set('stale', 'gone after import')
    stale.destroy()

    const exported = await admin().post(`/v1/bdbs/${source.uid}/actions/export`, { export_location: { type: 'mount_point', path: dir.dir } })
    expect(exported.status).toBe(200)
    const file = join(dir.dir, `db-${source.uid}-source-db.rdb`)
    expect(existsSync(file)).toBe(true)
    h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.export'))
    expect((await admin().get(`/v1/bdbs/${source.uid}`)).body).toMatchObject({ export_status: 'succeeded', export_failure_reason: '' })

    const imported = await admin().post(`/v1/bdbs/${target.uid}/actions/import`, { dataset_import_sources: [{ type: 'url', url: `file://${file}` }] })
    expect(imported.status).toBe(200)
    h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.import'))
    expect((await admin().get(`/v1/bdbs/${target.uid}`)).body).toMatchObject({ status: 'active', import_status: 'succeeded', import_failure_reason: '' })
    const reader = await connect(target.endpoints[0].port)
    expect((await reader.keys('*')).sort()).toEqual(['h', 'list', 'user:1'])
    expect(await reader.get('user:1')).toBe('ada')
    expect(await reader.hGetAll('h')).toEqual({ a: '1', b: '2' })
    expect(await reader.lRange('list', 0, -1)).toEqual(['x', 'y'])
    reader.destroy()
  })

  it('import of a file that is not an RDB ends failed with file-corrupted, the action failed', async () => {
    const bdb = await activeBdb('target-db')
    const bogus = join(dir.dir, 'bogus.rdb')
    writeFileSync(bogus, 'this is not an rdb file')
    const started = await admin().post(`/v1/bdbs/${bdb.uid}/actions/import`, { dataset_import_sources: [{ type: 'mount_point', path: bogus }] })
    expect(started.status).toBe(200)
    h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.import'))
    expect((await admin().get(`/v1/bdbs/${bdb.uid}`)).body).toMatchObject({ status: 'active', import_status: 'failed', import_failure_reason: 'file-corrupted' })
    expect((await admin().get(`/v2/actions/${started.body.action_uid}`)).body.status).toBe('failed')
  })

  it('stop_traffic makes the server refuse clients until resume_traffic', async () => {
    const bdb = await activeBdb('traffic-db', { authentication_redis_pass: 'redis-pass' })
    const { port } = bdb.endpoints[0]
    const open = await connect(port, { password: 'redis-pass' })
    await open.set('k', 'v')
    expect((await admin().post(`/v1/bdbs/${bdb.uid}/actions/stop_traffic`)).status).toBe(200)
    // the connection that was open is dropped, a new one is refused
    await expect(open.get('k')).rejects.toThrow()
    expect(await authError(port, { password: 'redis-pass' })).toMatch(/WRONGPASS|disabled/i)
    h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.traffic'))
    expect((await admin().get(`/v1/bdbs/${bdb.uid}`)).body).toMatchObject({ status: 'active', traffic_manually_disabled: true })
    expect((await admin().post(`/v1/bdbs/${bdb.uid}/actions/resume_traffic`)).status).toBe(200)
    const back = await connect(port, { password: 'redis-pass' })
    expect(await back.get('k')).toBe('v')
    back.destroy()
  })

  it('bdb_size turns on when INFO used_memory reaches its threshold of memory_size', async () => {
    const bdb = await activeBdb('small-db', { memory_size: 4 * 1024 * 1024, eviction_policy: 'noeviction' })
    const alert = async () => (await admin().get(`/v1/bdbs/alerts/${bdb.uid}/bdb_size`)).body
    expect(await alert()).toMatchObject({ state: false, severity: 'INFO' })
    await admin().post(`/v1/bdbs/alerts/${bdb.uid}`, { bdb_size: { enabled: true, threshold: '10' } }).expect(200)
    const client = await connect(bdb.endpoints[0].port)
    await client.set('big', 'x'.repeat(1024 * 1024))
    client.destroy()
    expect(await alert()).toMatchObject({ enabled: true, state: true, severity: 'WARNING', threshold: '10', change_value: { state: true } })
  })
})
