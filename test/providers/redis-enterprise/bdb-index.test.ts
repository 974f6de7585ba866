// The derived bdb index (ports in use, shard and memory totals) answers exactly as a scan of every bdb would, through
// create, update, delete (delete-pending included), reset, state import, seed, restart and rolled-back recipes.
import { afterEach, describe, expect, it } from 'vitest'
import { bdbIndex, firstFreePort, memoryInUse, noteBdbChange, portInUse, shardsInUse } from '../../../src/providers/redis-enterprise/bdb-index.js'
import { allShards, FIRST_AUTO_PORT, LAST_AUTO_PORT, memoryNeeded, reservedPorts, usedPorts } from '../../../src/providers/redis-enterprise/cluster.js'
import { loadCatalogue, type Bdb, type JsonObject, type RedisEnterpriseSlice } from '../../../src/providers/redis-enterprise/model.js'
import { createFileHarness, tempDir } from '../../helpers/harness.js'
import { createActiveBdb, createReHarness, expectError, GB, RE, withRoles, type ReHarness } from '../../helpers/redis-enterprise.js'

const NODES = 3
const catalogue = loadCatalogue(new URL('../../../fixtures', import.meta.url).pathname)
const regex = [{ regex: '.*\\{(?<tag>.*)\\}.*' }, { regex: '(?<tag>.*)' }]

let cleanup: (() => Promise<void>) | undefined
afterEach(async () => {
  await cleanup?.()
  cleanup = undefined
})

const sliceOf = (h: ReHarness) => h.emulator.store.read<RedisEnterpriseSlice>(RE)

/** What the rules asked before the index existed: a scan of every bdb. */
function scanned(slice: RedisEnterpriseSlice, exceptUid?: number) {
  const used = usedPorts(slice)
  const reserved = reservedPorts(catalogue)
  let free: number | undefined
  for (let port = FIRST_AUTO_PORT; port <= LAST_AUTO_PORT && free === undefined; port++) if (!used.has(port) && !reserved.has(port)) free = port
  return {
    free,
    shards: allShards(slice, NODES).filter((s) => s.bdb_uid !== exceptUid).length,
    memory: Object.values(slice.bdbs)
      .filter((b) => b.uid !== exceptUid)
      .reduce((sum, b) => sum + memoryNeeded(b), 0),
    taken: usedPorts(slice, exceptUid),
  }
}

/** A few of many (all of a short list). */
const sample = <T>(items: T[]): T[] => (items.length <= 40 ? items : [...items.slice(0, 10), ...items.slice(-10), items[Math.floor(items.length / 2)]])

/** The index gives the scan's answers, for bdbs as "previous" and for none (a create). */
function expectIndexMatchesScan(h: ReHarness): void {
  const slice = sliceOf(h)
  expect(bdbIndex(slice.bdbs).exact).toBe(true)
  const uids = [undefined, ...sample(Object.values(slice.bdbs).map((b) => b.uid)), 999_999]
  const ports = [...sample([...usedPorts(slice)]), FIRST_AUTO_PORT, FIRST_AUTO_PORT + 1, FIRST_AUTO_PORT + 5, LAST_AUTO_PORT, 40000]
  for (const uid of uids) {
    const want = scanned(slice, uid)
    expect(shardsInUse(slice, NODES, uid)).toBe(want.shards)
    expect(memoryInUse(slice, uid)).toBe(want.memory)
    for (const port of ports) expect(portInUse(slice, port, uid)).toBe(want.taken.has(port))
  }
  expect(firstFreePort(slice, catalogue)).toBe(scanned(slice).free)
}

const port = (res: { body: { endpoints: { port: number }[] } }) => res.body.endpoints[0].port

describe('bdb index', () => {
  it('follows creates, updates that change shards, replication and port, and deletes', async () => {
    const h = await createReHarness({ shardsLimit: 1000 })
    const admin = h.as('admin')
    expectIndexMatchesScan(h)
    for (let i = 0; i < 4; i++) await createActiveBdb(h, { name: `db-${i}` })
    await createActiveBdb(h, { name: 'sharded', shards_count: 3, sharding: true, shard_key_regex: regex })
    await createActiveBdb(h, { name: 'fixed-port', port: 15000 })
    expectIndexMatchesScan(h)

    // more shards, then replication (twice the shards and memory), then fewer shards
    expect((await admin.put('/v1/bdbs/5', { shards_count: 6 })).status).toBe(200)
    h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.update'))
    expectIndexMatchesScan(h)
    expect((await admin.put('/v1/bdbs/5', { replication: true, memory_size: 6 * GB })).status).toBe(200)
    h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.update'))
    expectIndexMatchesScan(h)
    expect((await admin.put('/v1/bdbs/5', { shards_count: 2 })).status).toBe(200)
    h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.update'))
    expectIndexMatchesScan(h)

    // a move to another port frees the old one
    expect((await admin.put('/v1/bdbs/2', { port: 16000 })).status).toBe(200)
    h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.update'))
    expectIndexMatchesScan(h)
    expect(port(await admin.post('/v1/bdbs', { name: 'takes-12001', memory_size: GB }))).toBe(12001)
    expectError(await admin.post('/v1/bdbs', { name: 'clash', memory_size: GB, port: 16000 }), 406, 'port_unavailable')
    // a bdb may keep its own port on update
    expect((await admin.put('/v1/bdbs/6', { port: 15000 })).status).toBe(200)
    h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.update'))

    // delete-pending still holds the port, shards and memory; once gone, they are free again
    expect((await admin.delete('/v1/bdbs/1')).status).toBe(200)
    expect((await admin.get('/v1/bdbs/1')).body.status).toBe('delete-pending')
    expectIndexMatchesScan(h)
    expect(port(await admin.post('/v1/bdbs', { name: 'not-12000', memory_size: GB }))).not.toBe(12000)
    h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.delete'))
    expect((await admin.get('/v1/bdbs/1')).status).toBe(404)
    expectIndexMatchesScan(h)
    expect(port(await admin.post('/v1/bdbs', { name: 'reuses-12000', memory_size: GB }))).toBe(12000)
    expectIndexMatchesScan(h)
  })

  it('enforces the shards limit after updates grow and shrink a database, and after a delete', async () => {
    const h = await createReHarness({ shardsLimit: 6 })
    const admin = h.as('admin')
    await createActiveBdb(h, { name: 'a', shards_count: 2, sharding: true, shard_key_regex: regex })
    await createActiveBdb(h, { name: 'b' })
    expect((await admin.put('/v1/bdbs/1', { shards_count: 4 })).status).toBe(200)
    h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.update'))
    // 4 + 1 in use: a second shard is one too many
    expectError(await admin.post('/v1/bdbs', { name: 'c', memory_size: GB, shards_count: 2, sharding: true, shard_key_regex: regex }), 406, 'insufficient_resources')
    expect((await admin.put('/v1/bdbs/1', { shards_count: 3 })).status).toBe(200)
    h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.update'))
    expect((await admin.post('/v1/bdbs', { name: 'c', memory_size: GB, shards_count: 2, sharding: true, shard_key_regex: regex })).status).toBe(200)
    // replication doubles b's shard: 3 + 2 + 2 > 6
    expectError(await admin.put('/v1/bdbs/2', { replication: true }), 406, 'insufficient_resources')
    expect((await admin.delete('/v1/bdbs/1')).status).toBe(200)
    // delete-pending still counts
    expectError(await admin.put('/v1/bdbs/2', { replication: true }), 406, 'insufficient_resources')
    h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.delete'))
    expect((await admin.put('/v1/bdbs/2', { replication: true })).status).toBe(200)
    expectIndexMatchesScan(h)
  })

  it('keeps failing with port_unavailable once every auto port is taken, and hands out a freed one', async () => {
    const h = await createReHarness({ shardsLimit: 100_000 })
    const admin = h.as('admin')
    const template = (await createActiveBdb(h, { name: 'template' })) as Bdb & { endpoints: JsonObject[] }
    // every port of 12000-19999 taken (12000 by the template), through the store as a state import would
    const bdbs: Record<string, Bdb> = {}
    for (let port = FIRST_AUTO_PORT, uid = 1; port <= LAST_AUTO_PORT; port++, uid++) {
      bdbs[String(uid)] = { ...template, uid, name: `full-${uid}`, memory_size: 1024, shard_list: [uid], endpoints: [{ ...template.endpoints[0], port, uid: `${uid}:1` }] } as Bdb
    }
    const slice = sliceOf(h)
    await h.emulator.store.replaceSlices({ [RE]: { ...slice, bdbs, sequences: { ...slice.sequences, bdb: 8001, shard: 8001 } } })
    for (let i = 0; i < 3; i++) {
      const res = await admin.post('/v1/bdbs', { name: 'no-room', memory_size: GB })
      expectError(res, 406, 'port_unavailable')
      expect(res.body.description).toBe('No free database port is left in the cluster')
    }
    // an explicit port outside the auto range still works
    expect(port(await admin.post('/v1/bdbs', { name: 'explicit', memory_size: GB, port: 30000 }))).toBe(30000)
    expectIndexMatchesScan(h)
    expect((await admin.delete('/v1/bdbs/4000')).status).toBe(200)
    expectError(await admin.post('/v1/bdbs', { name: 'still-pending', memory_size: GB }), 406, 'port_unavailable')
    h.clock.advance(h.emulator.delays.get('redis-enterprise.bdb.delete'))
    expect(port(await admin.post('/v1/bdbs', { name: 'freed', memory_size: GB }))).toBe(FIRST_AUTO_PORT + 3999)
    expectError(await admin.post('/v1/bdbs', { name: 'full-again', memory_size: GB }), 406, 'port_unavailable')
    expectIndexMatchesScan(h)
  })

  it('starts over after reset, state import and seed', async () => {
    const h = await createReHarness()
    const admin = h.as('admin')
    for (let i = 0; i < 3; i++) await createActiveBdb(h, { name: `db-${i}` })
    const document = (await h.request(RE).get(`/_emulator/state?provider=${RE}`)).body

    expect((await h.request(RE).post('/_emulator/reset')).status).toBe(200)
    expectIndexMatchesScan(h)
    const first = await admin.post('/v1/bdbs', { name: 'after-reset', memory_size: GB })
    expect([first.body.uid, port(first)]).toEqual([1, 12000])

    // a state with 12000 and 12002 taken (12001's bdb removed): the next create takes 12001, then 12003
    delete document.providers[RE].bdbs['2']
    expect((await h.request(RE).put(`/_emulator/state?provider=${RE}`).send(document)).status).toBe(200)
    expectIndexMatchesScan(h)
    expect(port(await admin.post('/v1/bdbs', { name: 'imported-1', memory_size: GB }))).toBe(12001)
    expect(port(await admin.post('/v1/bdbs', { name: 'imported-2', memory_size: GB }))).toBe(12003)
    expectError(await admin.post('/v1/bdbs', { name: 'clash', memory_size: GB, port: 12002 }), 406, 'port_unavailable')

    expect((await h.request(RE).post('/_emulator/seed').send(document)).status).toBe(200)
    expectIndexMatchesScan(h)
    expect(port(await admin.post('/v1/bdbs', { name: 'seeded', memory_size: GB }))).toBe(12001)
    expectIndexMatchesScan(h)
  })

  it('is rebuilt from the stored state after a restart, delete in flight included', async () => {
    const tmp = await tempDir()
    cleanup = tmp.cleanup
    const first = withRoles(await createFileHarness(tmp.dir))
    for (let i = 0; i < 3; i++) await createActiveBdb(first, { name: `db-${i}` })
    expect((await first.as('admin').delete('/v1/bdbs/1')).status).toBe(200)
    await first.emulator.store.flush()

    const second = withRoles(await createFileHarness(tmp.dir, {}, first.clock))
    expectIndexMatchesScan(second)
    expect(port(await second.as('admin').post('/v1/bdbs', { name: 'while-deleting', memory_size: GB }))).toBe(12003)
    second.clock.advance(second.emulator.delays.get('redis-enterprise.bdb.delete'))
    const next = await second.as('admin').post('/v1/bdbs', { name: 'after-delete', memory_size: GB })
    expect([next.body.uid, port(next)]).toEqual([5, 12000])
    expectIndexMatchesScan(second)
  })

  it('goes stale, and is rebuilt, when a recipe that changed it rolls back', async () => {
    const h = await createReHarness()
    await createActiveBdb(h, { name: 'kept' })
    expectIndexMatchesScan(h)
    const store = h.emulator.store
    await expect(
      store.mutate<RedisEnterpriseSlice>(RE, (draft) => {
        delete draft.bdbs['1']
        noteBdbChange(draft.bdbs, '1', undefined)
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    expect(sliceOf(h).bdbs['1']).toBeDefined()
    expectIndexMatchesScan(h)
    expect(port(await h.as('admin').post('/v1/bdbs', { name: 'next', memory_size: GB }))).toBe(12001)
  })

  it('leaves nothing in the stored state', async () => {
    const h = await createReHarness()
    await createActiveBdb(h, { name: 'a' })
    expect(bdbIndex(sliceOf(h).bdbs).exact).toBe(true)
    const exported = (await h.request(RE).get(`/_emulator/state?provider=${RE}`)).body
    expect(Object.keys(exported.providers[RE].bdbs)).toEqual(['1'])
    expect(JSON.parse(JSON.stringify(sliceOf(h).bdbs))).toEqual(exported.providers[RE].bdbs)
    expect(Object.keys(structuredClone(sliceOf(h).bdbs))).toEqual(['1'])
  })

  it('falls back to scanning a slice it cannot index exactly (a bdb stored under another key)', async () => {
    const h = await createReHarness()
    const bdb = (await createActiveBdb(h, { name: 'a' })) as Bdb & { endpoints: JsonObject[] }
    const slice = sliceOf(h)
    await h.emulator.store.replaceSlices({ [RE]: { ...slice, bdbs: { '1': bdb, '7': { ...bdb, endpoints: [{ ...bdb.endpoints[0], port: 12001 }] } } } })
    const current = sliceOf(h)
    expect(bdbIndex(current.bdbs).exact).toBe(false)
    expect(portInUse(current, 12001, 1)).toBe(usedPorts(current, 1).has(12001))
    expect(shardsInUse(current, NODES, 1)).toBe(0)
    expect(memoryInUse(current, undefined)).toBe(2 * memoryNeeded(bdb))
    expect(firstFreePort(current, catalogue)).toBe(12002)
  })
})
