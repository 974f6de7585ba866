import { describe, expect, it } from 'vitest'
import { Clock } from '../../src/core/clock.js'

describe('Clock', () => {
  it('follows the real clock plus an offset when not frozen', () => {
    let real = 1_000
    const clock = new Clock(() => real)
    expect(clock.now()).toBe(1_000)
    real = 1_500
    expect(clock.now()).toBe(1_500)
    clock.advance(250)
    expect(clock.now()).toBe(1_750)
    clock.set(10_000)
    real = 1_600
    expect(clock.now()).toBe(10_100)
  })

  it('stands still when frozen and moves only by advance or set', () => {
    let real = 1_000
    const clock = new Clock(() => real)
    clock.freeze()
    real = 9_999
    expect(clock.now()).toBe(1_000)
    clock.advance(500)
    expect(clock.now()).toBe(1_500)
    clock.set(42)
    expect(clock.now()).toBe(42)
    expect(clock.state()).toEqual({ now: new Date(42).toISOString(), nowMs: 42, frozen: true })
  })

  it('resumes from the frozen instant when unfrozen', () => {
    let real = 1_000
    const clock = new Clock(() => real)
    clock.freeze(5_000)
    clock.unfreeze()
    expect(clock.now()).toBe(5_000)
    real = 1_100
    expect(clock.now()).toBe(5_100)
    expect(clock.isFrozen()).toBe(false)
  })
})
