import { describe, expect, it } from 'vitest'
import { runTransaction } from '../../src/core/transaction.js'

describe('runTransaction', () => {
  it('reports the changed paths, an array as a whole, a parent covering its children', () => {
    const root = { a: { x: 1, y: 2 }, list: [{ v: 1 }], b: { c: { d: 1 } } }
    const { changed } = runTransaction(root, (d) => {
      d.a.x = 5
      d.list.push({ v: 2 })
      d.b.c.d = 2
      d.b.c = { d: 3 }
    })
    expect(changed).toEqual([['list'], ['a', 'x'], ['b', 'c']])
    expect(root).toEqual({ a: { x: 5, y: 2 }, list: [{ v: 1 }, { v: 2 }], b: { c: { d: 3 } } })
  })

  it('undoes sets, deletes, pushes, splices and filters in reverse order when the recipe throws', () => {
    const root = { items: { a: 1, b: 2 } as Record<string, number>, list: [1, 2, 3], nested: [{ k: 'v' }] }
    const before = structuredClone(root)
    expect(() =>
      runTransaction(root, (d) => {
        d.items.c = 3
        delete d.items.a
        d.list.push(4)
        d.list.splice(0, 2)
        d.nested = d.nested.filter(() => true)
        d.nested[0].k = 'changed'
        throw new Error('no')
      }),
    ).toThrow('no')
    // Same data; a restored key may come back in another position, which JSON objects do not distinguish.
    expect(root).toEqual(before)
  })

  it('never stores a proxy: values built from draft reads are unwrapped', () => {
    const root = { list: [{ id: 1 }, { id: 2 }], copy: [] as { id: number }[] }
    runTransaction(root, (d) => {
      d.copy = d.list.filter((item) => item.id === 2)
    })
    expect(root.copy[0]).toBe(root.list[1])
    expect(JSON.stringify(root.copy)).toBe('[{"id":2}]')
  })

  it('returns a detached copy of the result, even of a draft', () => {
    const root = { item: { name: 'a' } }
    const { result } = runTransaction(root, (d) => d.item)
    result.name = 'b'
    expect(root.item.name).toBe('a')
  })
})
