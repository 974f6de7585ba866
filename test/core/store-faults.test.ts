// Storage faults through an injected file layer (issue #17 items 1-2): a disk that refuses writes (ENOSPC, EIO, EROFS)
// part-way through, deterministically. A refused commit is undone in memory with every later one, leaves no partial
// log line, the store keeps serving and takes writes again once the disk does; a restart always loads what was
// acknowledged. Damaged files refuse to load with one line naming the file and the place, and are never rewritten.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nodeFileLayer, type FileLayer } from '../../src/core/file-layer.js'
import { StateFileError, StorageWriteError } from '../../src/core/storage-errors.js'
import { Store } from '../../src/core/store.js'
import { tempDir } from '../helpers/harness.js'

interface Slice {
  items: Record<string, { name: string }>
  count: number
  list: number[]
}
const emptySlice = (): Slice => ({ items: {}, count: 0, list: [] })

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code })
}

/** The real file system, except that while `refusing` is set, writes fail with it after writing half their text. */
class FaultyDisk {
  refusing: string | undefined
  /** Also refuse to truncate (a disk that fails outright, EIO). */
  truncateFails = false
  appends = 0
  readonly layer: FileLayer = {
    ...nodeFileLayer,
    writeText: async (path, text) => {
      if (this.refusing) {
        await nodeFileLayer.writeText(path, text.slice(0, text.length >> 1))
        throw errno(this.refusing)
      }
      return nodeFileLayer.writeText(path, text)
    },
    openAppend: async (path) => {
      const real = await nodeFileLayer.openAppend(path)
      return {
        append: async (text) => {
          this.appends++
          if (this.refusing) {
            await real.append(text.slice(0, Math.max(1, text.length >> 1)))
            throw errno(this.refusing)
          }
          return real.append(text)
        },
        truncate: async (length) => {
          if (this.truncateFails) throw errno('EIO')
          return real.truncate(length)
        },
        close: () => real.close(),
      }
    },
  }
}

describe('Store on a disk that refuses writes (injected file layer)', () => {
  let dir: string
  let cleanup: () => Promise<void>
  let disk: FaultyDisk
  beforeEach(async () => {
    ;({ dir, cleanup } = await tempDir())
    disk = new FaultyDisk()
  })
  afterEach(() => cleanup())

  const file = () => join(dir, 'state.json')
  const open = (files: FileLayer = disk.layer) => Store.open({ file: file(), providerIds: ['p'], emptySlice, files })
  const logText = () => readFile(`${file()}.log`, 'utf-8')

  it.each(['ENOSPC', 'EIO', 'EROFS'])('%s on append: the commit is refused, undone in memory, and the log keeps no partial line', async (code) => {
    const store = await open()
    await store.mutate<Slice>('p', (d) => void (d.items.a = { name: 'alpha' }))
    const before = await logText()
    disk.refusing = code
    const refused = store.mutate<Slice>('p', (d) => {
      d.items.b = { name: 'beta' }
      d.count = 5
    })
    await expect(refused).rejects.toBeInstanceOf(StorageWriteError)
    await expect(refused).rejects.toThrow(new RegExp(`\\(${code}\\)`))
    expect(store.read<Slice>('p')).toEqual({ items: { a: { name: 'alpha' } }, count: 0, list: [] })
    expect(await logText()).toBe(before)
    // once the disk takes writes again, so does the store, and a restart (without close: a crash) has every acknowledged commit
    disk.refusing = undefined
    await store.mutate<Slice>('p', (d) => void (d.items.c = { name: 'gamma' }))
    expect((await logText()).endsWith('\n')).toBe(true)
    const reopened = await open(nodeFileLayer)
    expect(reopened.read<Slice>('p')).toEqual({ items: { a: { name: 'alpha' }, c: { name: 'gamma' } }, count: 0, list: [] })
  })

  it('undoes every commit queued behind a refused one, newest first, so dependent changes never land alone', async () => {
    const store = await open()
    await store.mutate<Slice>('p', (d) => void (d.count = 1))
    disk.refusing = 'ENOSPC'
    // the first is being written while the next two queue behind it (they read its uncommitted value)
    const results = await Promise.allSettled([
      store.mutate<Slice>('p', (d) => void (d.count = 2)),
      store.mutate<Slice>('p', (d) => void (d.count = d.count * 10)),
      store.mutate<Slice>('p', (d) => void d.list.push(d.count)),
    ])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected'])
    expect(store.read<Slice>('p')).toEqual({ items: {}, count: 1, list: [] })
    disk.refusing = undefined
    await store.mutate<Slice>('p', (d) => void d.list.push(d.count))
    expect((await open(nodeFileLayer)).read<Slice>('p')).toEqual({ items: {}, count: 1, list: [1] })
  })

  it('a log that could not be cut back (EIO on truncate too) is cut before the next append', async () => {
    const store = await open()
    await store.mutate<Slice>('p', (d) => void (d.count = 1))
    const before = await logText()
    disk.refusing = 'EIO'
    disk.truncateFails = true
    await expect(store.mutate<Slice>('p', (d) => void (d.count = 2))).rejects.toThrow(StorageWriteError)
    expect((await logText()).length).toBeGreaterThan(before.length) // the torn half is still there
    // still refusing to truncate: the next commit is refused as well, without appending behind the torn half
    disk.refusing = undefined
    const appends = disk.appends
    await expect(store.mutate<Slice>('p', (d) => void (d.count = 3))).rejects.toThrow(StorageWriteError)
    expect(disk.appends).toBe(appends)
    disk.truncateFails = false
    await store.mutate<Slice>('p', (d) => void (d.count = 4))
    const text = await logText()
    expect(text.startsWith(before)).toBe(true)
    expect(text.split('\n').filter(Boolean).every((line) => JSON.parse(line))).toBe(true)
    expect((await open(nodeFileLayer)).read<Slice>('p').count).toBe(4)
  })

  it('a refused snapshot (compaction) undoes the commits queued behind it and leaves state.json and no temp file behind', async () => {
    const store = await open()
    await store.mutate<Slice>('p', (d) => void (d.count = 1))
    await store.flush()
    const snapshot = await readFile(file(), 'utf-8')
    disk.refusing = 'ENOSPC'
    const flushed = store.flush().then(() => 'written', (err: unknown) => err)
    const queued = store.mutate<Slice>('p', (d) => void (d.count = 2)).then(() => 'written', (err: unknown) => err)
    expect(await flushed).toBeInstanceOf(StorageWriteError)
    expect(await queued).toBeInstanceOf(StorageWriteError)
    expect(store.read<Slice>('p').count).toBe(1)
    expect(await readFile(file(), 'utf-8')).toBe(snapshot)
    expect(await (await import('node:fs/promises')).readdir(dir)).not.toContain('.state.json.tmp')
    disk.refusing = undefined
    await store.close()
    expect((await open(nodeFileLayer)).read<Slice>('p').count).toBe(1)
  })

  it('a refused replaceSlices (seed, import, reset) puts every previous slice back: nothing half-loaded', async () => {
    const store = await Store.open({ file: file(), providerIds: ['p', 'q'], emptySlice, files: disk.layer })
    await store.mutate<Slice>('p', (d) => void (d.count = 7))
    disk.refusing = 'ENOSPC'
    await expect(store.replaceSlices({ p: { ...emptySlice(), count: 100 }, q: { ...emptySlice(), count: 200 } })).rejects.toThrow(StorageWriteError)
    expect(store.read<Slice>('p').count).toBe(7)
    expect(store.read<Slice>('q').count).toBe(0)
  })

  it('starts on a full disk from the log (torn tail cut off), with a warning; changes wait for room', async () => {
    const first = await open(nodeFileLayer)
    await first.mutate<Slice>('p', (d) => void (d.count = 1))
    await writeFile(`${file()}.log`, `${await logText()}{"s":2,"o":[[["p","count"],`)
    disk.refusing = 'ENOSPC'
    const warnings: string[] = []
    const store = await Store.open({ file: file(), providerIds: ['p'], emptySlice, files: disk.layer, warn: (l) => warnings.push(l) })
    expect(store.read<Slice>('p').count).toBe(1)
    expect(warnings).toEqual([expect.stringContaining('could not be compacted (ENOSPC, disk full)')])
    expect((await logText()).endsWith('\n')).toBe(true)
    await expect(store.mutate<Slice>('p', (d) => void (d.count = 2))).rejects.toThrow(StorageWriteError)
    disk.refusing = undefined
    await store.mutate<Slice>('p', (d) => void (d.count = 3))
    expect((await open(nodeFileLayer)).read<Slice>('p').count).toBe(3)
  })

  it('refuses to start on a read-only data dir (EROFS) with one line naming the file and what to do', async () => {
    await (await open(nodeFileLayer)).close()
    const saved = await readFile(file(), 'utf-8')
    disk.refusing = 'EROFS'
    const failure = await open().catch((err: unknown) => err)
    expect(failure).toBeInstanceOf(StateFileError)
    expect((failure as Error).message).toBe(
      `cannot write ${file()} (EROFS): the data dir must be writable; fix its permissions or mount, or start with --in-memory`,
    )
    expect(await readFile(file(), 'utf-8')).toBe(saved)
  })
})

describe('Store start-up with damaged or unusual files: refused in one line, file kept', () => {
  let dir: string
  let cleanup: () => Promise<void>
  beforeEach(async () => ({ dir, cleanup } = await tempDir()))
  afterEach(() => cleanup())
  const file = () => join(dir, 'state.json')
  const open = (validateSlice?: (id: string, slice: unknown) => string | undefined) =>
    Store.open({ file: file(), providerIds: ['p'], emptySlice, validateSlice })

  async function refused(expected: RegExp, validateSlice?: (id: string, slice: unknown) => string | undefined): Promise<void> {
    const files = [file(), `${file()}.log`]
    const before = await Promise.all(files.map((f) => readFile(f, 'utf-8').catch(() => undefined)))
    const failure = await open(validateSlice).catch((err: unknown) => err)
    expect(failure).toBeInstanceOf(StateFileError)
    expect((failure as Error).message).toMatch(expected)
    expect((failure as Error).message).not.toContain('\n')
    expect(await Promise.all(files.map((f) => readFile(f, 'utf-8').catch(() => undefined)))).toEqual(before)
  }

  it('a state.json holding null', async () => {
    await writeFile(file(), 'null')
    await refused(/^state file .*state\.json holds null, not a state document; it was left untouched: restore it from a backup, or move it away/)
  })

  it('a log whose state.json is missing (it continues from a later commit)', async () => {
    const store = await open()
    await store.mutate<Slice>('p', (d) => void (d.count = 1))
    await store.close()
    const again = await open()
    await again.mutate<Slice>('p', (d) => void (d.count = 2))
    const { rm } = await import('node:fs/promises')
    await rm(file())
    await refused(/^state log .*state\.json\.log continues at line 1 from commit \d+, but .*state\.json is missing \(commit 1 is missing\); both files were left untouched: restore state\.json/)
  })

  it('a log line with missing fields (the old "entry.o is not iterable")', async () => {
    await (await open()).close()
    await writeFile(`${file()}.log`, `${JSON.stringify({ s: 99 })}\n`)
    await refused(/^state log .* is corrupt at line 1 \(its operation list "o" is missing or not an array\); both files were left untouched/)
  })

  it('an unparseable line before the last one', async () => {
    await (await open()).close()
    await writeFile(`${file()}.log`, `{"s":1,"o":[]}\nnot json\n{"s":3,"o":[]}\n`)
    await refused(/^state log .* is corrupt at line 2 \(not JSON\); both files were left untouched: remove that line and the ones after it/)
  })

  it('a log line that would write through "__proto__"', async () => {
    await (await open()).close()
    const seq = JSON.parse(await readFile(file(), 'utf-8')).logSeq
    await writeFile(`${file()}.log`, `${JSON.stringify({ s: seq + 1, o: [[['p', '__proto__', 'admin'], true]] })}\n`)
    await refused(/corrupt at line 1 \(an operation path uses the key "__proto__"\)/)
  })

  it('a slice its provider\'s validator refuses (a record with missing fields), naming the record', async () => {
    await writeFile(file(), JSON.stringify({ schema: 1, providers: { p: { items: { a: {} }, count: 0, list: [] } } }))
    const validate = (_id: string, slice: unknown) =>
      Object.entries((slice as Slice).items).find(([, v]) => typeof v.name !== 'string')?.[0]?.replace(/^/, 'items.') .concat(': name is missing')
    await refused(/^state file .*: providers\.p: items\.a: name is missing; it was left untouched: repair it, or move it away/, validate)
  })

  it('"__proto__" keys and nesting past twice the depth limit in state.json', async () => {
    await writeFile(file(), '{"schema":1,"providers":{"p":{"items":{},"count":0,"list":[],"__proto__":{"admin":true}}}}')
    await refused(/the key "__proto__" is not accepted \(at providers\.p\.__proto__\)/)
    // start-up allows twice the body limit (a stored body may sit a few levels down), not more
    let deep: unknown = 1
    for (let i = 0; i < 200; i++) deep = [deep]
    await writeFile(file(), JSON.stringify({ schema: 1, providers: { p: { ...emptySlice(), deep } } }))
    await refused(/nested deeper than 128 levels/)
  })
})

describe('a provider app on a disk that refuses writes', () => {
  let dir: string
  let cleanup: () => Promise<void>
  beforeEach(async () => ({ dir, cleanup } = await tempDir()))
  afterEach(() => cleanup())

  it('answers a refused create with its own 500 envelope, keeps serving reads (due transitions wait), and recovers', async () => {
    const { widgets } = await import('../helpers/fake-provider.js')
    const disk = new FaultyDisk()
    const { createHarness } = await import('../helpers/harness.js')
    const h = await createHarness({ inMemory: false, dataDir: dir }, { registry: [widgets], files: disk.layer })
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      expect((await h.request('widgets').post('/widgets').send({ name: 'kept' })).status).toBe(201)
      disk.refusing = 'ENOSPC'
      const refused = await h.request('widgets').post('/widgets').send({ name: 'refused' })
      expect(refused.status).toBe(500)
      expect(refused.body).toEqual({ fail: { code: 'core_internal', message: 'internal error' } })
      expect(logged).toHaveBeenCalledWith(expect.stringMatching(/^\[widgets\] the state could not be written to .*state\.json\.log \(ENOSPC\); the change was not applied$/))
      expect((await h.request('widgets').get('/widgets/2')).status).toBe(404)
      // the build transition is due, but cannot be written: the read answers from the state as it was
      h.clock.advance(1000)
      expect((await h.request('widgets').get('/widgets/1')).body).toEqual({ id: 1, name: 'kept', status: 'building' })
      disk.refusing = undefined
      expect((await h.request('widgets').get('/widgets/1')).body).toEqual({ id: 1, name: 'kept', status: 'ready' })
      expect((await h.request('widgets').post('/widgets').send({ name: 'later' })).body).toMatchObject({ id: 2, name: 'later' })
      const restarted = await createHarness({ inMemory: false, dataDir: dir }, { registry: [widgets], clock: h.clock })
      expect(Object.keys(restarted.emulator.store.read<{ widgets: object }>('widgets').widgets)).toEqual(['1', '2'])
    } finally {
      logged.mockRestore()
    }
  })
})
