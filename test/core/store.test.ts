import { appendFile, copyFile, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dropFront, Store } from '../../src/core/store.js'
import { tempDir } from '../helpers/harness.js'

interface Slice {
  items: Record<string, { name: string; tags?: string[] }>
  count: number
  list: number[]
}

const emptySlice = (): Slice => ({ items: {}, count: 0, list: [] })

describe('Store', () => {
  let dir: string
  let cleanup: () => Promise<void>
  beforeEach(async () => ({ dir, cleanup } = await tempDir()))
  afterEach(() => cleanup())

  const file = () => join(dir, 'state.json')
  const open = () => Store.open({ file: file(), providerIds: ['p', 'q'], emptySlice })

  it('starts with one plain state.json holding an empty slice per provider', async () => {
    const store = await open()
    expect(store.read('p')).toEqual({ items: {}, count: 0, list: [] })
    expect(JSON.parse(await readFile(file(), 'utf-8'))).toEqual({
      schema: 1,
      logSeq: expect.any(Number),
      providers: { p: emptySlice(), q: emptySlice() },
    })
  })

  it('commits a successful recipe and hands back a detached copy of its result', async () => {
    const store = await open()
    const created = await store.mutate<Slice, { name: string }>('p', (d) => {
      d.items.a = { name: 'alpha' }
      d.count++
      return d.items.a
    })
    expect(created).toEqual({ name: 'alpha' })
    created.name = 'changed by the caller'
    expect(store.read<Slice>('p').items.a.name).toBe('alpha')
    expect(store.read<Slice>('p').count).toBe(1)
  })

  it('rolls back every change when the recipe throws, in memory and on disk', async () => {
    const store = await open()
    await store.mutate<Slice>('p', (d) => void (d.items.a = { name: 'alpha', tags: ['x'] }))
    await expect(
      store.mutate<Slice>('p', (d) => {
        d.items.b = { name: 'beta' }
        d.items.a.name = 'renamed'
        d.items.a.tags!.push('y')
        delete d.items.a.tags
        d.list.push(1, 2, 3)
        d.count = 99
        throw new Error('rejected')
      }),
    ).rejects.toThrow('rejected')
    const expected = { items: { a: { name: 'alpha', tags: ['x'] } }, count: 0, list: [] }
    expect(store.read<Slice>('p')).toEqual(expected)
    await store.close()
    expect((await open()).read<Slice>('p')).toEqual(expected)
  })

  it('is durable before compaction: a restart replays the log', async () => {
    const first = await open()
    await first.mutate<Slice>('p', (d) => {
      d.items.a = { name: 'alpha' }
      d.count = 7
      d.list.push(5)
    })
    await first.mutate<Slice>('p', (d) => void delete d.items.a)
    await first.mutate<Slice>('q', (d) => void (d.items.z = { name: 'zed' }))
    // no close(): as after a crash, state.json is the old document and the log has the commits
    expect(JSON.parse(await readFile(file(), 'utf-8')).providers.p.count).toBe(0)
    const second = await open()
    expect(second.read<Slice>('p')).toEqual({ items: {}, count: 7, list: [5] })
    expect(second.read<Slice>('q').items).toEqual({ z: { name: 'zed' } })
  })

  it('replays generated sequences of array and object changes from the log to the same state (property)', async () => {
    type Op = [kind: 'push' | 'pop' | 'splice' | 'set' | 'shift' | 'filter' | 'key' | 'unkey' | 'dropFront', n: number]
    const opArb = fc.tuple(fc.constantFrom('push', 'pop', 'splice', 'set', 'shift', 'filter', 'key', 'unkey', 'dropFront'), fc.integer({ min: 0, max: 5 })) as fc.Arbitrary<Op>
    let round = 0
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(opArb, { maxLength: 4 }), { minLength: 1, maxLength: 6 }), async (commits) => {
        const path = join(dir, `replay-${round++}.json`)
        const live = await Store.open({ file: path, providerIds: ['p'], emptySlice })
        for (const ops of commits) {
          await live.mutate<Slice>('p', (d) => {
            for (const [kind, n] of ops) {
              if (kind === 'push') d.list.push(n, n + 1)
              else if (kind === 'pop') d.list.pop()
              else if (kind === 'splice') d.list.splice(n % 3, 1)
              else if (kind === 'set' && d.list.length > 0) d.list[n % d.list.length] = n * 10
              else if (kind === 'shift') d.list.shift()
              else if (kind === 'filter') d.list = d.list.filter((v) => v !== n)
              else if (kind === 'key') d.items[`k${n}`] = { name: String(n), tags: [String(n)] }
              else if (kind === 'unkey') delete d.items[`k${n}`]
              else if (kind === 'dropFront') dropFront(d.list, n)
            }
            if (d.items.k1) d.items.k1.tags!.push('t')
          })
        }
        // no close(): the second store replays the log over the first state.json
        const replayed = await Store.open({ file: path, providerIds: ['p'], emptySlice })
        expect(replayed.read('p')).toEqual(live.read('p'))
      }),
      { numRuns: 60 },
    )
  })

  // issue #20: a bounded list dropping its oldest item on each append (the Redis Enterprise event log) was logged whole
  it('logs a dropFront as the count removed, and a restart replays it to the same list', async () => {
    const first = await open()
    await first.mutate<Slice>('p', (d) => void d.list.push(1, 2, 3, 4, 5))
    await first.mutate<Slice>('p', (d) => {
      dropFront(d.list, 2)
      d.list.push(6)
    })
    const lines = (await readFile(`${file()}.log`, 'utf-8')).trim().split('\n')
    expect(JSON.parse(lines[lines.length - 1]).o).toEqual([
      [['p', 'list'], 'drop-front', 2],
      [['p', 'list', 3], 6],
    ])
    const second = await open()
    expect(second.read<Slice>('p').list).toEqual([3, 4, 5, 6])
  })

  // issue #20: a Redis Enterprise create serialises its ~4 KB bdb for the answer; the log line reuses that text
  it('writes a record given with logWithText as that text, the same line JSON.stringify gives, for that change only', async () => {
    const first = await open()
    await first.mutate<Slice>('p', (d) => {
      d.items.a = { name: 'alpha', tags: ['x'] }
      d.count = 1
      first.logWithText(d.items.a, JSON.stringify(d.items.a))
    })
    await first.mutate<Slice>('p', (d) => {
      const record = { name: 'beta' }
      d.items.b = record
      // a text that is not the record's: it must be what the line holds (the store trusts it), and only this once
      first.logWithText(record, '{"name":"from-text"}')
    })
    await first.mutate<Slice>('p', (d) => void (d.items.b.name = 'gamma'))
    const lines = (await readFile(`${file()}.log`, 'utf-8')).trim().split('\n')
    expect(lines.slice(-3)).toEqual([
      JSON.stringify({ s: 1, o: [[['p', 'count'], 1], [['p', 'items', 'a'], { name: 'alpha', tags: ['x'] }]] }),
      JSON.stringify({ s: 2, o: [[['p', 'items', 'b'], { name: 'from-text' }]] }),
      JSON.stringify({ s: 3, o: [[['p', 'items', 'b', 'name'], 'gamma']] }),
    ])
  })

  it('forgets logWithText texts of a recipe that throws', async () => {
    const store = await open()
    const record = { name: 'alpha' }
    await expect(
      store.mutate<Slice>('p', (d) => {
        store.logWithText(record, '{"name":"stale"}')
        throw new Error('refused')
      }),
    ).rejects.toThrow('refused')
    await store.mutate<Slice>('p', (d) => void (d.items.a = record))
    const lines = (await readFile(`${file()}.log`, 'utf-8')).trim().split('\n')
    expect(JSON.parse(lines[lines.length - 1]).o).toEqual([[['p', 'items', 'a'], { name: 'alpha' }]])
  })

  it('refuses a log whose drop-front names no list, or has no positive count', async () => {
    for (const op of ['[["p","count"],"drop-front",1]', '[["p","list"],"drop-front",0]', '[["p","list"],"drop-front","1"]', '[["p","list"],"other",1]']) {
      await writeFile(file(), JSON.stringify({ schema: 1, providers: { p: emptySlice(), q: emptySlice() } }))
      await writeFile(`${file()}.log`, `{"s":1,"o":[${op}]}\n`)
      await expect(open()).rejects.toThrow(/state log .* is corrupt at line 1/)
    }
  })

  it('folds the log into state.json on close', async () => {
    const store = await open()
    await store.mutate<Slice>('p', (d) => void (d.count = 3))
    await store.close()
    expect(JSON.parse(await readFile(file(), 'utf-8')).providers.p.count).toBe(3)
    expect(await readFile(`${file()}.log`, 'utf-8')).toBe('')
  })

  it('acknowledges 50 concurrent changes, all of them durable, with no temp file left', async () => {
    const store = await open()
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.mutate<Slice>('p', (d) => {
          d.items[`k${i}`] = { name: `n${i}` }
          d.count++
        }),
      ),
    )
    const reopened = await open()
    expect(reopened.read<Slice>('p').count).toBe(50)
    expect(Object.keys(reopened.read<Slice>('p').items)).toHaveLength(50)
    expect((await readdir(dir)).sort()).toEqual(['state.json', 'state.json.log'])
  })

  it('ignores a torn last log line (never acknowledged) but refuses a corrupt line before it', async () => {
    const store = await open()
    await store.mutate<Slice>('p', (d) => void (d.count = 1))
    await appendFile(`${file()}.log`, '{"s":99,"o":[[["p","count"],')
    expect((await open()).read<Slice>('p').count).toBe(1)

    // a damaged line followed by a complete one cannot be a torn append
    await writeFile(`${file()}.log`, `garbage\n{"s":1000,"o":[[["p","count"],2]]}\n`)
    await expect(open()).rejects.toThrow(/corrupt at line 1/)
  })

  it('skips log lines already folded into state.json (a crash between compaction and truncating the log)', async () => {
    const store = await open()
    await store.mutate<Slice>('p', (d) => void d.list.push(1))
    await copyFile(`${file()}.log`, join(dir, 'saved.log'))
    await store.close()
    await copyFile(join(dir, 'saved.log'), `${file()}.log`)
    expect((await open()).read<Slice>('p').list).toEqual([1])
  })

  it('resets one provider or all of them', async () => {
    const store = await open()
    await store.mutate<Slice>('p', (d) => void (d.count = 1))
    await store.mutate<Slice>('q', (d) => void (d.count = 2))
    await store.reset(['p'])
    expect(store.read<Slice>('p').count).toBe(0)
    expect(store.read<Slice>('q').count).toBe(2)
    await store.reset()
    expect((await open()).read<Slice>('q').count).toBe(0)
  })

  it('refuses to start from a state.json that is not valid JSON rather than overwrite it', async () => {
    await writeFile(file(), '{"schema":1,"providers":{')
    await expect(open()).rejects.toThrow(/not valid JSON/)
    expect(await readFile(file(), 'utf-8')).toBe('{"schema":1,"providers":{')
  })

  it('refuses a document of another schema version', async () => {
    await writeFile(file(), JSON.stringify({ schema: 99, providers: {} }))
    await expect(open()).rejects.toThrow(/unsupported layout/)
  })

  it('keeps slices of providers it was not opened with', async () => {
    await writeFile(file(), JSON.stringify({ schema: 1, providers: { other: { keep: true } } }))
    const store = await open()
    await store.mutate<Slice>('p', (d) => void (d.count = 3))
    await store.close()
    expect(JSON.parse(await readFile(file(), 'utf-8')).providers.other).toEqual({ keep: true })
  })

  it('in memory: no file, same commit and rollback rules', async () => {
    const store = await Store.open({ providerIds: ['p'], emptySlice })
    expect(store.persistent).toBe(false)
    await store.mutate<Slice>('p', (d) => void (d.count = 1))
    await expect(store.mutate<Slice>('p', () => { throw new Error('x') })).rejects.toThrow('x')
    expect(store.read<Slice>('p').count).toBe(1)
  })
})
