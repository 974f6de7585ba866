import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { dropFront, removeFirst, runTransaction } from '../../src/core/transaction.js'

describe('runTransaction', () => {
  it('reports the changed paths, an array that only grew as its new items, a parent covering its children', () => {
    const root = { a: { x: 1, y: 2 }, list: [{ v: 1 }], b: { c: { d: 1 } } }
    const { changed } = runTransaction(root, (d) => {
      d.a.x = 5
      d.list.push({ v: 2 })
      d.list[1].v = 3
      d.b.c.d = 2
      d.b.c = { d: 3 }
    })
    expect(changed).toEqual([['a', 'x'], ['b', 'c'], ['list', 1]])
    expect(root).toEqual({ a: { x: 5, y: 2 }, list: [{ v: 1 }, { v: 3 }], b: { c: { d: 3 } } })
  })

  it('tells keys holding separators from nested paths: a key "a/b" does not cover the path a.b, nor "1:a" the path 1.a', () => {
    const root: Record<string, Record<string, number> | number> = { 'a/b': 1, a: { b: 1 }, '1:a': 1, '1': { a: 1 } }
    const { changed } = runTransaction(root, (d) => {
      d['a/b'] = 2
      d['1:a'] = 2
      ;(d.a as Record<string, number>).b = 2
      ;(d['1'] as Record<string, number>).a = 2
    })
    expect(changed).toEqual([['a/b'], ['1:a'], ['a', 'b'], ['1', 'a']])
  })

  // A pending-transition list grows by one item per create: logging it whole made each create cost the list's size.
  it.each([
    ['push then splice', (l: number[]) => (l.push(4), l.splice(0, 1))],
    ['a hole past the end', (l: number[]) => void (l[5] = 9)],
    ['length set beyond the items', (l: number[]) => void (l.length = 6)],
    ['unshift', (l: number[]) => void l.unshift(0)],
  ])('an array changed other than at its end is reported whole: %s', (_name, change) => {
    const root = { list: [1, 2, 3] }
    expect(runTransaction(root, (d) => void change(d.list)).changed).toEqual([['list']])
  })

  // issue #20: the pending-transition heap rewrites a few items per change; logging it whole cost the list's size.
  it.each([
    ['pop', (l: number[]) => void l.pop(), [['list', 'length']]],
    ['an item rewritten in place', (l: number[]) => void (l[0] = 9), [['list', 0]]],
    ['a push that moves up (a heap insert)', (l: number[]) => void (l.push(0), (l[3] = l[0]), (l[0] = 0)), [['list', 3], ['list', 0], ['list', 'length']]],
  ])('a few items rewritten in place are reported by index, with the new length: %s', (_name, change, expected) => {
    const root = { list: [1, 2, 3] }
    expect(runTransaction(root, (d) => void change(d.list)).changed).toEqual(expected)
  })

  it('replaying the reported paths on the old array gives the new one, whatever was done to it', () => {
    type Op = { kind: 'push' | 'pop' | 'set' | 'splice' | 'unshift' | 'shift' | 'dropFront'; index: number; value: number }
    const op = fc.record({
      kind: fc.constantFrom<Op['kind']>('push', 'pop', 'set', 'set', 'set', 'splice', 'unshift', 'shift', 'dropFront'),
      index: fc.nat(12),
      value: fc.integer(),
    })
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 12 }), fc.array(op, { maxLength: 8 }), (start, ops) => {
        const root = { list: [...start] }
        const { changes } = runTransaction(root, (d) => {
          for (const o of ops) {
            if (o.kind === 'push') d.list.push(o.value)
            else if (o.kind === 'pop') d.list.pop()
            else if (o.kind === 'set' && o.index < d.list.length) d.list[o.index] = o.value
            else if (o.kind === 'splice') d.list.splice(o.index, 1)
            else if (o.kind === 'unshift') d.list.unshift(o.value)
            else if (o.kind === 'shift') d.list.shift()
            else if (o.kind === 'dropFront') dropFront(d.list, o.index)
          }
        })
        // what the log replay does (log-file.ts applyOperation): drop the first items, or set each path to its value now
        const replayed = { list: [...start] } as Record<string, unknown>
        for (const { path, dropFront: count } of changes) {
          if (count !== undefined) {
            ;(path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], replayed) as unknown[]).splice(0, count)
            continue
          }
          let node = replayed as Record<string | number, unknown>
          let value: unknown = root
          for (const key of path) value = (value as Record<string | number, unknown>)[key]
          for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
          node[path[path.length - 1]] = structuredClone(value)
        }
        expect(replayed).toEqual(root)
      }),
    )
  })

  // issue #20: the Redis Enterprise event log drops its oldest event on each append once full
  it('reports a dropFront as one change with the count (then the new items), and listeners the list as a whole', () => {
    const root = { list: [1, 2, 3, 4], other: { x: 1 } }
    const { changed, changes } = runTransaction(root, (d) => {
      dropFront(d.list, 2)
      d.list.push(5)
      d.other.x = 2
    })
    expect(root.list).toEqual([3, 4, 5])
    expect(changes).toEqual([{ path: ['list'], dropFront: 2 }, { path: ['other', 'x'] }, { path: ['list', 2], logOnly: true }])
    expect(changed).toEqual([['list'], ['other', 'x']])
  })

  it('a dropFront after other changes of the list is a splice (the list is reported whole); on a plain array too', () => {
    const root = { list: [1, 2, 3, 4] }
    const { changes } = runTransaction(root, (d) => {
      d.list.push(5)
      dropFront(d.list, 2)
    })
    expect(root.list).toEqual([3, 4, 5])
    expect(changes).toEqual([{ path: ['list'] }])
    const plain = [1, 2, 3]
    dropFront(plain, 5)
    expect(plain).toEqual([])
  })

  it('removeFirst answers what splice(0, n) answers, a few items shifted off or many spliced', () => {
    for (const count of [0, 1, 3, 16, 17, 40, 60]) {
      const list = Array.from({ length: 50 }, (_, i) => i)
      const expected = [...list]
      const removed = expected.splice(0, count)
      expect(removeFirst(list, Math.min(count, 50))).toEqual(removed)
      expect(list).toEqual(expected)
    }
  })

  it('undoes a dropFront, with the changes after it, when the recipe throws', () => {
    const root = { list: [1, 2, 3, 4] }
    expect(() =>
      runTransaction(root, (d) => {
        dropFront(d.list, 3)
        d.list.push(5)
        d.list[0] = 9
        d.list.splice(0, 1)
        throw new Error('no')
      }),
    ).toThrow('no')
    expect(root.list).toEqual([1, 2, 3, 4])
  })

  it('an array that grew and shrank back is reported by its new items only', () => {
    const root = { list: [1] }
    const { changed } = runTransaction(root, (d) => {
      d.list.push(2, 3)
      d.list.length = 2
    })
    expect(changed).toEqual([['list', 1]])
    expect(root.list).toEqual([1, 2])
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
