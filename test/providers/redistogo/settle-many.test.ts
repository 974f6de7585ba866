// issue #20 item 1: thousands of transitions falling due at once (a clock moved past every deadline) are applied by the
// one request that comes next, all or nothing: every instance turns running at its own deadline, one transition event
// per instance in the order they were applied, the log replays to the same state after a crash, and a write the disk
// refuses undoes every one of them (the transitions stay due, in the same order) until the disk takes writes again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { nodeFileLayer, type FileLayer } from '../../../src/core/file-layer.js'
import { scheduleTransition, type PendingTransition } from '../../../src/core/lifecycle.js'
import type { EmulatorEvent } from '../../../src/control/events.js'
import { INSTANCE_CREATE } from '../../../src/providers/redistogo/lifecycle.js'
import { railsTime, type RedistogoSlice } from '../../../src/providers/redistogo/model.js'
import { createHarness, HARNESS_EPOCH, tempDir, type Harness } from '../../helpers/harness.js'
import { createInstance, OWNER, RTG, rtg } from '../../helpers/redistogo.js'

const DUE = 10_000
const NOT_DUE = 100
const ADVANCE_MS = 10_000

/** The real file system; while `refusing`, every write (a log append, a compaction) fails with ENOSPC after half its text. */
function refusableDisk(): { layer: FileLayer; refusing: boolean } {
  const disk = {
    refusing: false,
    layer: {
      ...nodeFileLayer,
      writeText: async (path: string, text: string) => {
        if (!disk.refusing) return nodeFileLayer.writeText(path, text)
        await nodeFileLayer.writeText(path, text.slice(0, text.length >> 1))
        throw Object.assign(new Error('ENOSPC: injected'), { code: 'ENOSPC' })
      },
      openAppend: async (path: string) => {
        const real = await nodeFileLayer.openAppend(path)
        return {
          ...real,
          append: async (text: string) => {
            if (!disk.refusing) return real.append(text)
            await real.append(text.slice(0, text.length >> 1))
            throw Object.assign(new Error('ENOSPC: injected'), { code: 'ENOSPC' })
          },
          truncate: (length: number) => real.truncate(length),
          close: () => real.close(),
        }
      },
    } as FileLayer,
  }
  return disk
}

describe('redistogo: 10,000 transitions due at once (file mode)', () => {
  let dir: string
  let cleanup: () => Promise<void>
  beforeEach(async () => ({ dir, cleanup } = await tempDir('rce-settle-many-')))
  afterEach(() => cleanup())

  /**
   * One instance created through the API, copied DUE + NOT_DUE times in one commit, each with its create transition:
   * deadlines scattered (not in scheduling order) within ADVANCE_MS, the last NOT_DUE of them after it.
   */
  async function manyPending(h: Harness): Promise<{ due: Map<string, number>; notDue: string[] }> {
    const template = await createInstance(h, 'nano')
    const due = new Map<string, number>()
    const notDue: string[] = []
    await h.emulator.store.mutate<RedistogoSlice>(RTG, (draft, live) => {
      const first = live.instances[String(template.id)]
      for (let i = 1; i <= DUE + NOT_DUE; i++) {
        const id = template.id + i
        draft.instances[String(id)] = { ...first, id, port: first.port + i, snapshots: [] }
        const at = i <= DUE ? HARNESS_EPOCH + 1 + ((i * 7919) % (ADVANCE_MS - 1)) : HARNESS_EPOCH + ADVANCE_MS + i
        scheduleTransition(draft, INSTANCE_CREATE, at, { id })
        if (i <= DUE) due.set(String(id), at)
        else notDue.push(String(id))
      }
      draft.sequences.instance = template.id + DUE + NOT_DUE
    })
    // the template's own transition (at +1000 ms) falls due too
    due.set(String(template.id), HARNESS_EPOCH + 1000)
    return { due, notDue }
  }

  const slice = (h: Harness) => h.emulator.store.read<RedistogoSlice>(RTG)
  const isHeap = (list: PendingTransition[]) =>
    list.every((t, i) => i === 0 || list[(i - 1) >> 1].at < t.at || (list[(i - 1) >> 1].at === t.at && list[(i - 1) >> 1].id < t.id))

  it('one request applies them all, in deadline order, with one event each; the log replays to the same state', async () => {
    const h = await createHarness({ inMemory: false, dataDir: dir })
    const { due, notDue } = await manyPending(h)
    const order = [...slice(h).lifecycle.pending].filter((t) => due.has(String(t.target.id))).sort((a, b) => a.at - b.at || a.id - b.id)
    const followed: EmulatorEvent[] = []
    h.emulator.events.subscribe({ types: new Set(['transition']) }, (_frame, event) => followed.push(event))

    h.clock.advance(ADVANCE_MS)
    const read = await rtg(h, 'get', `/instances/${[...due.keys()][0]}.json`)
    expect(read.status).toBe(200)
    expect(read.body.status).toBe('running')

    const after = slice(h)
    for (const [id, at] of due) expect([id, after.instances[id].status, after.instances[id].updated_at]).toEqual([id, 'running', railsTime(at)])
    for (const id of notDue) expect(after.instances[id].status).toBe('new')
    expect(after.lifecycle.pending.map((t) => String(t.target.id)).sort()).toEqual([...notDue].sort())
    expect(isHeap(after.lifecycle.pending)).toBe(true)

    // one transition event per instance, in the order they were applied; the ring keeps the newest of them
    expect(followed.map((e) => e.resourceId)).toEqual(order.map((t) => String(t.target.id)))
    expect(followed[0]).toMatchObject({ type: 'transition', provider: RTG, op: 'changed', collection: 'instances', kind: 'instance', status: 'running', scope: OWNER.username })
    const ring = h.emulator.events.events().filter((e) => e.type === 'transition')
    expect(ring.map((e) => e.id)).toEqual(followed.slice(-ring.length).map((e) => e.id))

    // a new process on the same data dir (no close: the log is replayed, as after a crash) has the same state
    const restarted = await createHarness({ inMemory: false, dataDir: dir })
    expect(JSON.stringify(slice(restarted))).toBe(JSON.stringify(after))
    await restarted.emulator.store.close()
    await h.emulator.store.close()
  }, 60_000)

  it('a refused write undoes them all: reads answer from the state before, nothing is announced, and they stay due', async () => {
    const disk = refusableDisk()
    const h = await createHarness({ inMemory: false, dataDir: dir }, { files: disk.layer })
    const { due } = await manyPending(h)
    const before = JSON.stringify(slice(h))
    const followed: EmulatorEvent[] = []
    h.emulator.events.subscribe({ types: new Set(['transition', 'resource']) }, (_frame, event) => followed.push(event))
    const id = [...due.keys()][0]

    h.clock.advance(ADVANCE_MS)
    disk.refusing = true
    const refused = await rtg(h, 'get', `/instances/${id}.json`)
    expect(refused.status).toBe(200)
    expect(refused.body.status).toBe('new')
    // every instance, the pending list in its exact order, the sequences: as before the settle
    expect(JSON.stringify(slice(h))).toBe(before)
    expect(followed).toEqual([])

    disk.refusing = false
    expect((await rtg(h, 'get', `/instances/${id}.json`)).body.status).toBe('running')
    for (const [key, at] of due) expect(slice(h).instances[key].updated_at).toBe(railsTime(at))
    expect(followed.filter((e) => e.type === 'transition')).toHaveLength(due.size)
    const restarted = await createHarness({ inMemory: false, dataDir: dir })
    expect(JSON.stringify(slice(restarted))).toBe(JSON.stringify(slice(h)))
    await restarted.emulator.store.close()
    await h.emulator.store.close()
  }, 60_000)
})
