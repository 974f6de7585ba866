// Placement (first server in fixture order with room; lowest free port from 9001 on that server) reads a derived
// per-server index instead of scanning every instance. These tests hold the index to a full scan after every kind of
// change: create, delete, plan upgrade (and a refused one), reset, state import, seed, restart, and the real-Redis
// lease path.
import { describe, expect, it } from 'vitest'
import { createFileHarness, createHarness, tempDir, type Harness } from '../../helpers/harness.js'
import { createInstance, OTHER, RTG, rtg, SEED_SHOW_INSTANCE } from '../../helpers/redistogo.js'
import { placementCheck, placementIndex } from '../../../src/providers/redistogo/placement.js'
import type { Instance, RedistogoSlice } from '../../../src/providers/redistogo/model.js'
import { createInstance as createInstanceService } from '../../../src/providers/redistogo/service.js'
import type { PortLease, RealRedisAccess } from '../../../src/core/real-redis.js'

const SERVER_IDS = [1, 2, 3, 4, 99]
const GiB = 1024 ** 3

function liveSlice(h: Harness): RedistogoSlice {
  return h.emulator.store.read<RedistogoSlice>(RTG)
}

/** The index answers what a scan of every stored instance answers, for every server id (and an unknown one). */
function expectIndexMatchesScan(h: Harness): void {
  for (const { indexed, scanned } of placementCheck(liveSlice(h).instances, SERVER_IDS)) expect(indexed).toEqual(scanned)
}

async function create(h: Harness, plan: string): Promise<{ server_id: number; port: number; id: number }> {
  const instance = await createInstance(h, plan)
  expectIndexMatchesScan(h)
  return instance as { server_id: number; port: number; id: number }
}

async function remove(h: Harness, id: number): Promise<void> {
  await rtg(h, 'delete', `/instances/${id}.json`).expect(200)
  expectIndexMatchesScan(h)
}

function record(id: number, serverId: number, port: number, memory: number): Instance {
  return { ...SEED_SHOW_INSTANCE, id, server_id: serverId, port, memory, user_id: 1 } as Instance
}

function stateDocument(instances: Instance[]) {
  return { providers: { [RTG]: { instances: Object.fromEntries(instances.map((i) => [String(i.id), i])) } } }
}

describe('redistogo placement index: unit', () => {
  it('answers as a full scan through random adds, removals and memory changes (repeated ports, odd ports, inexact memory)', () => {
    let seed = 12345
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const instances: Record<string, Instance> = {}
    // Existing records before the index is built.
    instances['1'] = record(1, 1, 9003, 100)
    instances['2'] = record(2, 1, 9001, 200)
    instances['3'] = record(3, 2, 9001, 300)
    instances['4'] = record(4, 1, 9003, 5) // the same port twice on one server (a state document allows it)
    instances['5'] = record(5, 3, 8000, 7) // below 9001
    const index = placementIndex(instances)
    let nextId = 6
    const ports = [9001, 9002, 9003, 9004, 9005, 9006, 9010, 8999, 9001.5]
    for (let step = 0; step < 3000; step++) {
      const keys = Object.keys(instances)
      const op = random(10)
      if (op < 5 || keys.length === 0) {
        const serverId = 1 + random(3)
        const port = random(3) === 0 ? ports[random(ports.length)] : index.nextFreePort(serverId)
        const key = String(nextId++)
        instances[key] = record(Number(key), serverId, port, random(1000))
        index.add(key, instances[key])
      } else if (op < 9) {
        const key = keys[random(keys.length)]
        delete instances[key]
        index.remove(key)
      } else {
        const key = keys[random(keys.length)]
        instances[key].memory = random(5000)
        index.add(key, instances[key])
      }
      for (const { indexed, scanned } of placementCheck(instances, SERVER_IDS)) expect(indexed).toEqual(scanned)
    }
  })

  it('falls back to the scan, with its exact result, when memory is not a safe integer or the total could round', () => {
    const instances: Record<string, Instance> = {
      '1': record(1, 1, 9001, 0.1),
      '2': record(2, 1, 9002, 0.2),
      '3': record(3, 2, 9001, 2 ** 52),
      '4': record(4, 2, 9002, 2 ** 52 - 1),
      '5': record(5, 2, 9003, 3),
    }
    const index = placementIndex(instances)
    for (const { indexed, scanned } of placementCheck(instances, SERVER_IDS)) expect(indexed).toEqual(scanned)
    expect(index.usedMemory(1)).toBe(0.1 + 0.2)
    delete instances['3']
    index.remove('3')
    for (const { indexed, scanned } of placementCheck(instances, SERVER_IDS)) expect(indexed).toEqual(scanned)
  })
})

describe('redistogo placement index: through the API', () => {
  let h: Harness

  it('create and delete: the lowest freed port comes back, on the server that has room', async () => {
    h = await createHarness()
    const made = []
    for (let i = 0; i < 6; i++) made.push(await create(h, 'nano'))
    expect(made.map((i) => [i.server_id, i.port])).toEqual([1, 2, 3, 4, 5, 6].map((n) => [1, 9000 + n]))
    await remove(h, made[3].id) // 9004
    await remove(h, made[1].id) // 9002
    expect((await create(h, 'nano')).port).toBe(9002)
    expect((await create(h, 'nano')).port).toBe(9004)
    expect((await create(h, 'nano')).port).toBe(9007)
    // Another account's instances share the servers and their ports.
    const theirs = await createInstance(h, 'nano', OTHER)
    expect([theirs.server_id, theirs.port]).toEqual([1, 9008])
    expectIndexMatchesScan(h)
  })

  it('memory: a full server is skipped, a deletion makes room, upgrades count and a refused upgrade changes nothing', async () => {
    h = await createHarness()
    // cod (server 1) holds 2 GiB: two "large" (1 GiB each) fill it.
    const a = await create(h, 'large')
    const b = await create(h, 'large')
    expect([a.server_id, b.server_id]).toEqual([1, 1])
    const c = await create(h, 'nano')
    expect([c.server_id, c.port]).toEqual([2, 9001]) // eel
    await remove(h, b.id)
    const d = await create(h, 'nano')
    expect([d.server_id, d.port]).toEqual([1, 9002])
    // 1 GiB + 5 MiB used on cod: nano -> super (2.5 GiB) does not fit, nano -> medium (500 MiB) does.
    const refused = await rtg(h, 'put', `/instances/${d.id}.json`).send({ plan: 'super' })
    expect(refused.status).toBe(422)
    expectIndexMatchesScan(h)
    await rtg(h, 'put', `/instances/${d.id}.json`).send({ plan: 'medium' }).expect(200)
    expectIndexMatchesScan(h)
    expect(placementIndex(liveSlice(h).instances).usedMemory(1)).toBe(GiB + 524288000)
    // 2 GiB - 1 GiB - 500 MiB = 524 MiB left on cod: one more "medium" fits, a second goes to eel.
    const e = await create(h, 'medium')
    expect(e.server_id).toBe(1)
    const f = await create(h, 'medium')
    expect(f.server_id).toBe(2)
    // Other updates (not memory) keep the index as it was.
    await rtg(h, 'put', `/instances/${e.id}.json`).send({ timeout: 10 }).expect(200)
    expectIndexMatchesScan(h)
    // No server has room for two "mega" (10 GiB): gar (16 GiB) takes one, the next is a 422.
    expect((await create(h, 'mega')).server_id).toBe(3)
    const full = await rtg(h, 'post', '/instances.json').send({ instance: { plan: 'mega' } })
    expect(full.status).toBe(422)
    expectIndexMatchesScan(h)
  })

  it('reset, state import and seed replace the index with the new state', async () => {
    h = await createHarness()
    await create(h, 'nano')
    await create(h, 'nano')
    await h.request(RTG).post('/_emulator/reset').expect(200)
    expectIndexMatchesScan(h)
    expect((await create(h, 'nano')).port).toBe(9001)

    // A document with a gap at 9003 and cod nearly full.
    const imported = [record(10, 1, 9001, 5242880), record(11, 1, 9002, 5242880), record(12, 1, 9004, 2 * GiB - 3 * 5242880)]
    await h.request(RTG).put(`/_emulator/state?provider=${RTG}`).send(stateDocument(imported)).expect(200)
    expectIndexMatchesScan(h)
    const g = await create(h, 'nano') // exactly fills cod
    expect([g.server_id, g.port]).toEqual([1, 9003])
    const i = await create(h, 'nano') // cod is full now
    expect([i.server_id, i.port]).toEqual([2, 9001])

    const seeded = [record(20, 2, 9001, 5242880), record(21, 2, 9003, 5242880)]
    await h.request(RTG).post('/_emulator/seed').send(stateDocument(seeded)).expect(200)
    expectIndexMatchesScan(h)
    const j = await create(h, 'nano')
    expect([j.server_id, j.port]).toEqual([1, 9001])
    expectIndexMatchesScan(h)
  })

  it('a restart rebuilds the index from the stored state', async () => {
    const { dir, cleanup } = await tempDir('rce-redistogo-placement-')
    try {
      const first = await createFileHarness(dir)
      h = first
      const made = [await create(h, 'nano'), await create(h, 'nano'), await create(h, 'large')]
      await remove(h, made[1].id)
      await rtg(h, 'put', `/instances/${made[0].id}.json`).send({ plan: 'large' }).expect(200)
      await first.emulator.store.close()
      h = await createFileHarness(dir)
      expectIndexMatchesScan(h)
      // cod has 2 GiB in use (two "large"): a new one goes to eel; the freed 9002 is not reused on cod.
      const next = await create(h, 'nano')
      expect([next.server_id, next.port]).toEqual([2, 9001])
    } finally {
      await cleanup()
    }
  })

  it('real-Redis mode leases the port a scan would pick, and stores the port it gets', async () => {
    h = await createHarness()
    const ctx = h.emulator.contexts.get(RTG)!
    const preferred: (number | undefined)[] = []
    let offset = 0
    const realRedis = {
      host: '127.0.0.1',
      lease: async (port?: number): Promise<PortLease> => {
        preferred.push(port)
        return { port: (port ?? 0) + offset, release: () => {} }
      },
      ready: () => true,
      whenStarted: async () => {},
      flush: async () => {},
      commands: async () => undefined,
      info: async () => undefined,
      snapshot: async () => undefined,
      restore: async () => false,
      hasSnapshot: () => false,
      readSnapshot: async () => undefined,
    } satisfies RealRedisAccess
    const fake = { ...ctx, realRedis }
    const account = liveSlice(h).accounts[0]
    const now = h.clock.now()
    const a = await createInstanceService(fake, account, { plan: 'nano' }, now)
    const b = await createInstanceService(fake, account, { plan: 'nano' }, now)
    await remove(h, a.id)
    const c = await createInstanceService(fake, account, { plan: 'nano' }, now)
    offset = 100 // the preferred port was busy on this machine: the instance gets another
    const d = await createInstanceService(fake, account, { plan: 'nano' }, now)
    expectIndexMatchesScan(h)
    const e = await createInstanceService(fake, account, { plan: 'nano' }, now)
    expect(preferred).toEqual([9001, 9002, 9001, 9003, 9003])
    expect([a.port, b.port, c.port, d.port, e.port]).toEqual([9001, 9002, 9001, 9103, 9103])
    expectIndexMatchesScan(h)
  })
})
