// issue #20: the pending list kept in deadline order (a heap) answers exactly what the plain scan over the list
// answered, through schedules, cancels, settles, rolled-back recipes, reset, import, seed, clock set and restart.
import fc from 'fast-check'
import { statSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  cancelTransitions,
  emptyLifecycle,
  hasDueTransitions,
  scheduleTransition,
  settle,
  WAIT,
  type LifecycleSlice,
  type LifecycleTable,
  type PendingTransition,
  type TransitionHandler,
} from '../../src/core/lifecycle.js'
import { Store } from '../../src/core/store.js'
import { runTransaction } from '../../src/core/transaction.js'
import { widgets, type WidgetSlice } from '../helpers/fake-provider.js'
import { createHarness, HARNESS_EPOCH, tempDir, type Harness } from '../helpers/harness.js'

interface Slice extends LifecycleSlice {
  log: string[]
}

/** The settle pass as it was before the heap: find the earliest due transition by scanning the whole list each step. */
function scanSettle<S extends LifecycleSlice>(slice: S, table: LifecycleTable<S>, now: number, delay: (name: string) => number = () => 0): number {
  const scanNext = () => {
    let best: PendingTransition | undefined
    for (const t of slice.lifecycle.pending) {
      if (t.at > now) continue
      if (!best || t.at < best.at || (t.at === best.at && t.id < best.id)) best = t
    }
    return best
  }
  let applied = 0
  const waiting: PendingTransition[] = []
  for (let t = scanNext(); t; t = scanNext()) {
    const current = t
    applied++
    slice.lifecycle.pending = slice.lifecycle.pending.filter((p) => p.id !== current.id)
    const scanHandler = table[current.kind] as TransitionHandler<S>
    const outcome = scanHandler(slice, current, {
      at: current.at,
      slice,
      delay,
      schedule: (kind, delayMs, target) => {
        slice.lifecycle.pending.push({ id: slice.lifecycle.nextId++, kind, at: current.at + delayMs, target })
      },
    })
    if (outcome === WAIT) {
      waiting.push(current)
      applied--
    }
  }
  slice.lifecycle.pending.push(...waiting)
  return applied
}

const scanHasDue = (slice: LifecycleSlice, now: number) => slice.lifecycle.pending.some((t) => t.at <= now)

/** The pending list as a set: order is the heap's business, not the answer. */
const pendingSet = (slice: LifecycleSlice) => [...slice.lifecycle.pending].sort((a, b) => a.id - b.id)

// A machine with plain steps, chained steps (some due at once) and steps that wait for "their server".
let ready = true
const table: LifecycleTable<Slice> = {
  plain: (s, t, ctx) => void s.log.push(`plain ${t.id}@${ctx.at}`),
  chain: (s, t, ctx) => {
    s.log.push(`chain ${t.id}@${ctx.at}`)
    ctx.schedule('plain', Number(t.target.d), { t: t.target.t, d: 0 })
  },
  wait: (s, t, ctx) => {
    if (!ready) return WAIT
    s.log.push(`wait ${t.id}@${ctx.at}`)
  },
}

type Op =
  | { op: 'schedule'; kind: 'plain' | 'chain' | 'wait'; at: number; t: number; d: number }
  | { op: 'many'; at: number; count: number }
  | { op: 'cancel'; t: number }
  | { op: 'settle'; now: number; ready: boolean }
  | { op: 'failing'; at: number; now: number }
  | { op: 'import'; order: number[] }
  | { op: 'restart' }
  | { op: 'reset' }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('schedule' as const), kind: fc.constantFrom('plain' as const, 'chain' as const, 'wait' as const), at: fc.integer({ min: 0, max: 40 }), t: fc.nat(6), d: fc.nat(8) }) },
  // enough due at once for the settle to take them out together (the batch path)
  { weight: 1, arbitrary: fc.record({ op: fc.constant('many' as const), at: fc.integer({ min: 0, max: 40 }), count: fc.integer({ min: 10, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), t: fc.nat(6) }) },
  // a clock set backwards or forwards is just another `now`: deadlines are absolute
  { weight: 3, arbitrary: fc.record({ op: fc.constant('settle' as const), now: fc.integer({ min: 0, max: 50 }), ready: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('failing' as const), at: fc.integer({ min: 0, max: 40 }), now: fc.integer({ min: 0, max: 50 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('import' as const), order: fc.array(fc.integer(), { maxLength: 40 }) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'restart' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'reset' as const }) },
)

/** A JSON copy with the pending list in an arbitrary order, as a state import or seed document may have it. */
function reordered(slice: Slice, order: number[]): Slice {
  const copy = JSON.parse(JSON.stringify(slice)) as Slice
  const keys = copy.lifecycle.pending.map((_t, i) => order[i % Math.max(order.length, 1)] ?? i)
  copy.lifecycle.pending = copy.lifecycle.pending.map((t, i) => ({ t, k: keys[i] * 100 + i })).sort((a, b) => a.k - b.k).map((x) => x.t)
  return copy
}

describe('pending transitions in deadline order (issue #20)', () => {
  it('apply, wait, cancel and answer "due?" exactly as the plain scan did, through rollbacks, import, reset, clock set and restart (property)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 5 }), (ops, probes) => {
        // `actual` changes only through transactions (drafts, like a request); `expected` is plain data and the scan.
        let actual: Slice = { lifecycle: emptyLifecycle(), log: [] }
        let expected: Slice = { lifecycle: emptyLifecycle(), log: [] }
        for (const o of ops) {
          if (o.op === 'schedule') {
            runTransaction(actual, (d) => void scheduleTransition(d, o.kind, o.at, { t: o.t, d: o.d }))
            expected.lifecycle.pending.push({ id: expected.lifecycle.nextId++, kind: o.kind, at: o.at, target: { t: o.t, d: o.d } })
          } else if (o.op === 'many') {
            runTransaction(actual, (d) => {
              for (let j = 0; j < o.count; j++) scheduleTransition(d, j % 4 === 0 ? 'chain' : 'plain', o.at + (j % 5), { t: j % 7, d: j % 3 })
            })
            for (let j = 0; j < o.count; j++) {
              expected.lifecycle.pending.push({ id: expected.lifecycle.nextId++, kind: j % 4 === 0 ? 'chain' : 'plain', at: o.at + (j % 5), target: { t: j % 7, d: j % 3 } })
            }
          } else if (o.op === 'cancel') {
            const { result } = runTransaction(actual, (d) => cancelTransitions(d, (t) => t.target.t === o.t))
            const before = expected.lifecycle.pending.length
            expected.lifecycle.pending = expected.lifecycle.pending.filter((t) => t.target.t !== o.t)
            expect(result).toBe(before - expected.lifecycle.pending.length)
          } else if (o.op === 'settle') {
            ready = o.ready
            const { result } = runTransaction(actual, (d) => settle(d, table, o.now))
            expect(result).toBe(scanSettle(expected, table, o.now))
          } else if (o.op === 'failing') {
            // a recipe that schedules, settles, cancels, then throws: nothing of it may remain, in the list or its order
            ready = true
            expect(() =>
              runTransaction(actual, (d) => {
                scheduleTransition(d, 'chain', o.at, { t: 9, d: 1 })
                settle(d, table, o.now)
                cancelTransitions(d, (t) => t.target.t === 1)
                throw new Error('rolled back')
              }),
            ).toThrow('rolled back')
          } else if (o.op === 'import') {
            // import and seed bring a new slice whose list may be in any order
            actual = reordered(actual, o.order)
            expected = JSON.parse(JSON.stringify(expected)) as Slice
          } else if (o.op === 'restart') {
            actual = JSON.parse(JSON.stringify(actual)) as Slice
            expected = JSON.parse(JSON.stringify(expected)) as Slice
          } else {
            actual = { lifecycle: emptyLifecycle(), log: [] }
            expected = { lifecycle: emptyLifecycle(), log: [] }
          }
          expect(actual.log).toEqual(expected.log)
          expect(pendingSet(actual)).toEqual(pendingSet(expected))
          expect(actual.lifecycle.nextId).toBe(expected.lifecycle.nextId)
          for (const now of probes) expect(hasDueTransitions(actual, now)).toBe(scanHasDue(expected, now))
        }
      }),
      { numRuns: 300 },
    )
  })

  it('a settle changes the list by a few logged items, and the log replays to the same heap after a crash', async () => {
    const { dir, cleanup } = await tempDir('rce-heap-')
    try {
      const file = `${dir}/state.json`
      const emptySlice = (): Slice => ({ lifecycle: emptyLifecycle(), log: [] })
      const store = await Store.open({ file, providerIds: ['p'], emptySlice })
      // creates with one delay: deadlines in scheduling order, so each schedule appends
      for (let i = 0; i < 200; i++) await store.mutate<Slice>('p', (d) => void scheduleTransition(d, 'plain', 1_000 + i, { t: i, d: 0 }))
      const logSize = () => statSync(`${file}.log`).size
      for (let now = 1_000; now < 1_020; now++) {
        const before = logSize()
        await store.mutate<Slice>('p', (d) => void settle(d, table, now))
        // one due transition out of ~190: a few rewritten items are logged, not the whole list
        expect(logSize() - before).toBeLessThan(JSON.stringify(store.read<Slice>('p').lifecycle.pending).length / 4)
      }
      // deadlines out of order and a cancel, then one settle of many: still replayed exactly
      for (let i = 0; i < 50; i++) await store.mutate<Slice>('p', (d) => void scheduleTransition(d, 'chain', 1_500 - i * 7, { t: i, d: i % 3 }))
      await store.mutate<Slice>('p', (d) => void cancelTransitions(d, (t) => t.target.t === 7))
      await store.mutate<Slice>('p', (d) => void settle(d, table, 1_300))
      // no close(): the second store replays the log over the first state.json, as after a crash
      const replayed = await Store.open({ file, providerIds: ['p'], emptySlice })
      expect(replayed.read('p')).toEqual(store.read('p'))
      for (const now of [1_300, 1_301, 1_400, 2_000]) {
        expect(hasDueTransitions(replayed.read<Slice>('p'), now)).toBe(scanHasDue(store.read<Slice>('p'), now))
      }
      await replayed.close()
      await store.close()
    } finally {
      await cleanup()
    }
  })
})

describe('through the emulator: create, clock set, import, seed, reset and restart (widgets test provider)', () => {
  const registry = [widgets]
  let dir: string
  let cleanup: () => Promise<void>
  let h: Harness | undefined
  beforeEach(async () => ({ dir, cleanup } = await tempDir('rce-heap-emulator-')))
  afterEach(async () => {
    await h?.emulator.store.close()
    await cleanup()
  })

  /** The widgets-only emulator on the data dir, its clock frozen at `at`. */
  const open = async (at: number): Promise<Harness> => {
    const harness = await createHarness({ inMemory: false, dataDir: dir }, { registry })
    harness.clock.freeze(at)
    return harness
  }

  /** One request settles; what it applied must be what the plain scan applies to a copy of the slice taken before. */
  async function requestMatchesScan(): Promise<number> {
    if (!h) throw new Error('no emulator')
    const { delays } = h.emulator
    const now = h.clock.now()
    const before = JSON.parse(JSON.stringify(h.emulator.store.read<WidgetSlice>('widgets'))) as WidgetSlice
    const dueBefore = hasDueTransitions(h.emulator.store.read<WidgetSlice>('widgets'), now)
    expect(dueBefore).toBe(scanHasDue(before, now))
    const applied = scanSettle(before, widgets.lifecycle, now, (name) => delays.get(name))
    expect((await h.request('widgets').get('/widgets/0')).status).toBe(404)
    const after = h.emulator.store.read<WidgetSlice>('widgets')
    expect(after.widgets).toEqual(before.widgets)
    expect(pendingSet(after)).toEqual(pendingSet(before))
    expect(hasDueTransitions(after, now)).toBe(false)
    return applied
  }

  it('answers like the scan at every step', async () => {
    h = await open(HARNESS_EPOCH)
    const create = async (n: number) => {
      if (!h) throw new Error('no emulator')
      for (let i = 0; i < n; i++) {
        expect((await h.request('widgets').post('/widgets').send({ name: `w${i}` })).status).toBe(201)
        h.clock.advance(37 * (i % 7))
      }
    }
    await create(40)
    expect(await requestMatchesScan()).toBeGreaterThan(0)
    // clock set back: nothing new is due; then forward past every deadline
    await h.request('widgets').post('/_emulator/clock').send({ set: HARNESS_EPOCH })
    expect(await requestMatchesScan()).toBe(0)
    await create(10)
    await h.request('widgets').post('/_emulator/clock').send({ set: HARNESS_EPOCH + 2_500 })
    expect(await requestMatchesScan()).toBeGreaterThan(0)
    await create(20)
    // import: the exported document with its pending list reversed (any order is a valid document)
    const exported = (await h.request('widgets').get('/_emulator/state')).body
    exported.providers.widgets.lifecycle.pending.reverse()
    expect((await h.request('widgets').put('/_emulator/state').send(exported)).status).toBe(200)
    h.clock.advance(700)
    expect(await requestMatchesScan()).toBeGreaterThan(0)
    // seed: the same, through POST /_emulator/seed
    const seeded = (await h.request('widgets').get('/_emulator/state')).body
    seeded.providers.widgets.lifecycle.pending.sort((a: PendingTransition, b: PendingTransition) => b.at - a.at)
    expect((await h.request('widgets').post('/_emulator/seed').send(seeded)).status).toBe(200)
    h.clock.advance(300)
    expect(await requestMatchesScan()).toBeGreaterThanOrEqual(0)
    await create(15)
    // restart on the same data dir: the list comes back from the file
    const at = h.clock.now()
    await h.emulator.store.close()
    h = await open(at + 600)
    expect(await requestMatchesScan()).toBeGreaterThan(0)
    h.clock.advance(5_000)
    expect(await requestMatchesScan()).toBeGreaterThan(0)
    expect(h.emulator.store.read<WidgetSlice>('widgets').lifecycle.pending).toEqual([])
    // reset: an empty list, and the next creates schedule into it
    expect((await h.request('widgets').post('/_emulator/reset').send()).status).toBe(200)
    await create(5)
    h.clock.advance(1_000)
    expect(await requestMatchesScan()).toBe(5)
  })
})
