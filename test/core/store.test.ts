import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Store } from '../../src/core/store.js'
import { tempDir } from '../helpers/harness.js'

interface Slice {
  items: Record<string, { name: string }>
  count: number
}

const emptySlice = (): Slice => ({ items: {}, count: 0 })

describe('Store', () => {
  let dir: string
  let cleanup: () => Promise<void>
  beforeEach(async () => ({ dir, cleanup } = await tempDir()))
  afterEach(() => cleanup())

  const open = () => Store.open({ file: join(dir, 'state.json'), providerIds: ['p', 'q'], emptySlice })

  it('creates the document with an empty slice per provider', async () => {
    const store = await open()
    expect(store.read('p')).toEqual({ items: {}, count: 0 })
    expect(JSON.parse(await readFile(join(dir, 'state.json'), 'utf-8'))).toEqual({
      schema: 1,
      providers: { p: { items: {}, count: 0 }, q: { items: {}, count: 0 } },
    })
  })

  it('commits a successful recipe and returns its result as plain data', async () => {
    const store = await open()
    const created = await store.mutate<Slice, { name: string }>('p', (d) => {
      d.items.a = { name: 'alpha' }
      d.count++
      return d.items.a
    })
    expect(created).toEqual({ name: 'alpha' })
    expect(store.read<Slice>('p').count).toBe(1)
  })

  it('rolls back everything when the recipe throws, in memory and on disk', async () => {
    const store = await open()
    await store.mutate<Slice>('p', (d) => void (d.items.a = { name: 'alpha' }))
    await expect(
      store.mutate<Slice>('p', (d) => {
        d.items.b = { name: 'beta' }
        d.count = 99
        throw new Error('rejected')
      }),
    ).rejects.toThrow('rejected')
    expect(store.read<Slice>('p')).toEqual({ items: { a: { name: 'alpha' } }, count: 0 })
    const onDisk = JSON.parse(await readFile(join(dir, 'state.json'), 'utf-8'))
    expect(onDisk.providers.p).toEqual({ items: { a: { name: 'alpha' } }, count: 0 })
  })

  it('hands out frozen snapshots, so state cannot change outside mutate()', async () => {
    const store = await open()
    await store.mutate<Slice>('p', (d) => void (d.items.a = { name: 'alpha' }))
    expect(() => {
      ;(store.read<Slice>('p').items.a as { name: string }).name = 'changed'
    }).toThrow(TypeError)
  })

  it('is durable: what a resolved mutate wrote is there after a restart', async () => {
    const first = await open()
    await first.mutate<Slice>('p', (d) => {
      d.items.a = { name: 'alpha' }
      d.count = 7
    })
    const second = await open()
    expect(second.read<Slice>('p')).toEqual({ items: { a: { name: 'alpha' } }, count: 7 })
  })

  it('coalesces concurrent changes: all resolve, the file holds every one of them, no temp file is left', async () => {
    const store = await open()
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.mutate<Slice>('p', (d) => {
          d.items[`k${i}`] = { name: `n${i}` }
          d.count++
        }),
      ),
    )
    const onDisk = JSON.parse(await readFile(join(dir, 'state.json'), 'utf-8'))
    expect(onDisk.providers.p.count).toBe(50)
    expect(Object.keys(onDisk.providers.p.items)).toHaveLength(50)
    expect(await readdir(dir)).toEqual(['state.json'])
  })

  it('resets one provider or all of them', async () => {
    const store = await open()
    await store.mutate<Slice>('p', (d) => void (d.count = 1))
    await store.mutate<Slice>('q', (d) => void (d.count = 2))
    await store.reset(['p'])
    expect(store.read<Slice>('p').count).toBe(0)
    expect(store.read<Slice>('q').count).toBe(2)
    await store.reset()
    expect(store.read<Slice>('q').count).toBe(0)
  })

  it('refuses to start from a file that is not valid JSON rather than overwrite it', async () => {
    await writeFile(join(dir, 'state.json'), '{"schema":1,"providers":{')
    await expect(open()).rejects.toThrow(/not valid JSON/)
    expect(await readFile(join(dir, 'state.json'), 'utf-8')).toBe('{"schema":1,"providers":{')
  })

  it('refuses a document of another schema version', async () => {
    await writeFile(join(dir, 'state.json'), JSON.stringify({ schema: 99, providers: {} }))
    await expect(open()).rejects.toThrow(/unsupported layout/)
  })

  it('keeps slices of providers it was not opened with', async () => {
    await writeFile(join(dir, 'state.json'), JSON.stringify({ schema: 1, providers: { other: { keep: true } } }))
    const store = await open()
    await store.mutate<Slice>('p', (d) => void (d.count = 3))
    const onDisk = JSON.parse(await readFile(join(dir, 'state.json'), 'utf-8'))
    expect(onDisk.providers.other).toEqual({ keep: true })
  })

  it('in memory: no file, same commit and rollback rules', async () => {
    const store = await Store.open({ providerIds: ['p'], emptySlice })
    expect(store.persistent).toBe(false)
    await store.mutate<Slice>('p', (d) => void (d.count = 1))
    await expect(store.mutate<Slice>('p', () => { throw new Error('x') })).rejects.toThrow('x')
    expect(store.read<Slice>('p').count).toBe(1)
  })
})
