import { describe, expect, it } from 'vitest'
import {
  cancelTransitions,
  emptyLifecycle,
  hasDueTransitions,
  scheduleTransition,
  settle,
  UnknownTransitionError,
  WAIT,
  type LifecycleSlice,
  type LifecycleTable,
} from '../../src/core/lifecycle.js'

interface Slice extends LifecycleSlice {
  log: string[]
}

const table: LifecycleTable<Slice> = {
  a: (s, t, ctx) => {
    s.log.push(`a@${ctx.at}`)
    ctx.schedule('b', 100, t.target)
  },
  b: (s, _t, ctx) => {
    s.log.push(`b@${ctx.at}`)
  },
  loop: (_s, t, ctx) => ctx.schedule('loop', 0, t.target),
  named: (s, t, ctx) => {
    s.log.push(`named@${ctx.at}`)
    ctx.schedule('b', ctx.delay('step'), t.target)
  },
}

const slice = (): Slice => ({ lifecycle: emptyLifecycle(), log: [] })

describe('lifecycle', () => {
  it('applies nothing before the deadline and everything due at it', () => {
    const s = slice()
    scheduleTransition(s, 'b', 1_000, { id: 1 })
    expect(hasDueTransitions(s, 999)).toBe(false)
    expect(settle(s, table, 999)).toBe(0)
    expect(s.log).toEqual([])
    expect(settle(s, table, 1_000)).toBe(1)
    expect(s.log).toEqual(['b@1000'])
    expect(s.lifecycle.pending).toEqual([])
  })

  it('chains: a follow-up due by now is applied in the same pass, timed from the first deadline', () => {
    const s = slice()
    scheduleTransition(s, 'a', 1_000, { id: 1 })
    expect(settle(s, table, 5_000)).toBe(2)
    expect(s.log).toEqual(['a@1000', 'b@1100'])
  })

  it('chains with a named delay looked up when the transition fires', () => {
    const s = slice()
    scheduleTransition(s, 'named', 1_000, { id: 1 })
    settle(s, table, 1_250, (name) => (name === 'step' ? 250 : NaN))
    expect(s.log).toEqual(['named@1000', 'b@1250'])
  })

  it('leaves a follow-up that is not yet due pending with its absolute deadline', () => {
    const s = slice()
    scheduleTransition(s, 'a', 1_000, { id: 1 })
    settle(s, table, 1_050)
    expect(s.log).toEqual(['a@1000'])
    expect(s.lifecycle.pending).toEqual([{ id: 2, kind: 'b', at: 1_100, target: { id: 1 } }])
  })

  it('applies due transitions in deadline order, then in scheduling order', () => {
    const s = slice()
    scheduleTransition(s, 'b', 300, { id: 'late' })
    scheduleTransition(s, 'b', 100, { id: 'early' })
    scheduleTransition(s, 'b', 100, { id: 'early-second' })
    const order: string[] = []
    settle(s, { b: (_s, t) => void order.push(String(t.target.id)) }, 1_000)
    expect(order).toEqual(['early', 'early-second', 'late'])
  })

  it('zero delay: a transition due now is applied by the next settle', () => {
    const s = slice()
    scheduleTransition(s, 'b', 1_000, { id: 1 })
    expect(settle(s, table, 1_000)).toBe(1)
  })

  it('cancels matching transitions', () => {
    const s = slice()
    scheduleTransition(s, 'b', 100, { id: 1 })
    scheduleTransition(s, 'b', 100, { id: 2 })
    expect(cancelTransitions(s, (t) => t.target.id === 1)).toBe(1)
    settle(s, table, 1_000)
    expect(s.log).toEqual(['b@100'])
    expect(s.lifecycle.pending).toEqual([])
  })

  it('refuses an unknown transition kind and a zero-delay loop instead of hanging', () => {
    const s = slice()
    scheduleTransition(s, 'nope', 1, {})
    expect(() => settle(s, table, 10)).toThrow(UnknownTransitionError)
    const loop = slice()
    scheduleTransition(loop, 'loop', 1, {})
    expect(() => settle(loop, table, 10)).toThrow(/too many chained transitions/)
  })

  it('a handler that answers WAIT stays pending with its deadline and id, and is not retried in the same pass', () => {
    const s = slice()
    const ready = new Set<string>()
    let calls = 0
    const waiting: LifecycleTable<Slice> = {
      // real-Redis mode: a resource becomes running only once its server answers
      up: (sl, t, ctx) => {
        calls++
        if (!ctx.realRedis!.ready(String(t.target.id))) return WAIT
        sl.log.push(`up ${t.target.id}@${ctx.at}`)
        ctx.schedule('b', 10, t.target)
      },
      b: table.b,
    }
    const view = { host: '127.0.0.1', ready: (key: string) => ready.has(key) }
    const first = scheduleTransition(s, 'up', 1_000, { id: 'x' })
    expect(settle(s, waiting, 5_000, undefined, view)).toBe(0)
    expect(calls).toBe(1)
    expect(s.lifecycle.pending).toEqual([first])
    expect(hasDueTransitions(s, 5_000)).toBe(true)
    ready.add('x')
    // applied on a later request, timed from the original deadline
    expect(settle(s, waiting, 5_000, undefined, view)).toBe(2)
    expect(s.log).toEqual(['up x@1000', 'b@1010'])
    expect(s.lifecycle.pending).toEqual([])
  })
})
