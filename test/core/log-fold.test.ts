// The log folded into state.json for size, beside the appends (src/core/log-file.ts; issue #20 item 1: the p99 of
// creates): commits made while a large document is written are acknowledged without waiting for it, the folded head
// of the log is then dropped, and a crash at any point of it (files copied as they were) loses no acknowledged commit.
// A refused fold loses nothing either: the log still holds every commit.
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { nodeFileLayer, type FileLayer } from '../../src/core/file-layer.js'
import { Store } from '../../src/core/store.js'
import { tempDir } from '../helpers/harness.js'

interface Slice {
  blobs: Record<string, string>
  count: number
}
const emptySlice = (): Slice => ({ blobs: {}, count: 0 })

/** A blob large enough that five of them take the log past the 4 MB it must reach before a fold for size. */
const BLOB = 'x'.repeat(900 * 1024)

/** A gate a test opens when it wants: writes to the gated path wait for it. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void
  const wait = new Promise<void>((resolve) => (open = resolve))
  return { wait, open }
}

/** The real file system, where writes to a file whose name ends with `held` wait until `release` is called. */
class HoldingDisk {
  private gates = new Map<string, ReturnType<typeof gate>>()
  readonly reached = new Set<string>()
  refuse: string | undefined
  readonly layer: FileLayer = {
    ...nodeFileLayer,
    writeText: async (path, text) => {
      for (const [suffix, g] of this.gates) {
        if (!path.endsWith(suffix)) continue
        this.reached.add(suffix)
        await g.wait
      }
      if (this.refuse && path.endsWith(this.refuse)) throw Object.assign(new Error('ENOSPC: injected'), { code: 'ENOSPC' })
      return nodeFileLayer.writeText(path, text)
    },
  }

  hold(suffix: string): void {
    this.gates.set(suffix, gate())
  }

  release(suffix: string): void {
    this.gates.get(suffix)?.open()
    this.gates.delete(suffix)
  }

  async until(suffix: string): Promise<void> {
    while (!this.reached.has(suffix)) await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  throw new Error('timed out waiting for the fold')
}

describe('the log folded into state.json beside the appends', () => {
  let dir: string
  let cleanup: () => Promise<void>
  let disk: HoldingDisk
  beforeEach(async () => {
    ;({ dir, cleanup } = await tempDir())
    disk = new HoldingDisk()
  })
  afterEach(() => cleanup())

  const file = () => join(dir, 'state.json')
  const open = (at = dir, files: FileLayer = disk.layer) => Store.open({ file: join(at, 'state.json'), providerIds: ['p'], emptySlice, files })
  const logLines = async () => (await readFile(`${file()}.log`, 'utf-8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as { s: number })
  const logSeqOf = async () => (JSON.parse(await readFile(file(), 'utf-8')) as { logSeq: number }).logSeq

  /** The files as a crash would leave them now, copied into a directory of their own. */
  let crashes = 0
  async function crashCopy(): Promise<string> {
    const at = join(dir, `crash-${++crashes}`)
    await mkdir(at)
    for (const name of ['state.json', 'state.json.log']) await copyFile(join(dir, name), join(at, name))
    return at
  }

  async function fillPastFoldSize(store: Store): Promise<void> {
    for (let i = 0; i < 5; i++) await store.mutate<Slice>('p', (d) => void (d.blobs[`b${i}`] = BLOB))
  }

  it('acknowledges commits while the fold is written, then keeps only the commits after it in the log', async () => {
    const store = await open()
    disk.hold('.fold.tmp')
    await fillPastFoldSize(store)
    await disk.until('.fold.tmp')
    // the fold is held on its way to disk: commits go on and are acknowledged
    for (let i = 1; i <= 20; i++) await store.mutate<Slice>('p', (d) => void (d.count = i))
    const folded = await crashCopy()
    disk.release('.fold.tmp')
    // the fold lands, then its lines leave the log
    await until(async () => (await logSeqOf()) > 0 && (await logLines())[0].s > (await logSeqOf()))
    await store.mutate<Slice>('p', (d) => void (d.count = 21))
    await store.mutate<Slice>('p', (d) => void (d.count = 22))
    const lines = await logLines()
    const foldedAt = await logSeqOf()
    // the fold was taken after the 5 blobs, before the counts: those stay in the log
    expect(foldedAt).toBe(5)
    expect(lines.map((l) => l.s)).toEqual(Array.from({ length: 22 }, (_, i) => 6 + i))
    expect(await readdir(dir)).not.toContain('.state.json.fold.tmp')
    expect(await readdir(dir)).not.toContain('.state.json.log.tmp')
    // a restart (without close: a crash) has everything; so has the copy taken while the fold was held
    expect((await open(dir, nodeFileLayer)).read<Slice>('p').count).toBe(22)
    const before = (await open(folded, nodeFileLayer)).read<Slice>('p')
    expect(before.count).toBe(20)
    expect(Object.keys(before.blobs)).toHaveLength(5)
  })

  it('a crash between the fold and the dropping of the folded lines loses nothing (they are skipped on read)', async () => {
    const store = await open()
    disk.hold('.log.tmp')
    await fillPastFoldSize(store)
    await store.mutate<Slice>('p', (d) => void (d.count = 1))
    await disk.until('.log.tmp')
    const between = await crashCopy()
    expect(await logSeqOf()).toBeGreaterThanOrEqual(5)
    disk.release('.log.tmp')
    await store.mutate<Slice>('p', (d) => void (d.count = 2))
    const reopened = (await open(between, nodeFileLayer)).read<Slice>('p')
    expect(reopened.count).toBe(1)
    expect(Object.keys(reopened.blobs)).toHaveLength(5)
    expect((await open(dir, nodeFileLayer)).read<Slice>('p').count).toBe(2)
  })

  it('a fold the disk refuses loses nothing: commits go on to the log, no temp file stays, the next fold is later', async () => {
    const store = await open()
    disk.refuse = '.fold.tmp'
    await fillPastFoldSize(store)
    for (let i = 1; i <= 5; i++) await store.mutate<Slice>('p', (d) => void (d.count = i))
    expect(await readdir(dir)).not.toContain('.state.json.fold.tmp')
    // state.json is still the one written at open: the log holds every commit since
    expect(await logSeqOf()).toBe(0)
    expect((await logLines()).map((l) => l.s)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect((await open(dir, nodeFileLayer)).read<Slice>('p').count).toBe(5)
    // once the disk takes it, a fold happens after the log has grown as much again
    disk.refuse = undefined
    await fillPastFoldSize(store)
    await store.mutate<Slice>('p', (d) => void (d.count = 6))
    await store.close()
    expect((await open(dir, nodeFileLayer)).read<Slice>('p').count).toBe(6)
  })

  it('folds beside the appends under a steady stream of commits, where one is always waiting when an append ends', async () => {
    // every write in order, and appends slowed a little, so commits queue up behind each one
    const writes: string[] = []
    const files: FileLayer = {
      ...nodeFileLayer,
      writeText: (path, text) => (writes.push(path), nodeFileLayer.writeText(path, text)),
      openAppend: async (path) => {
        const handle = await nodeFileLayer.openAppend(path)
        return { ...handle, append: async (text) => (await new Promise((resolve) => setTimeout(resolve, 2)), handle.append(text)) }
      },
    }
    const store = await open(dir, files)
    writes.length = 0
    // ten writers, each committing its blob again as soon as the last one is acknowledged: 25 commits, 22 MB of log,
    // past the 16 MB where a log is folded while commits wait
    let commits = 0
    await Promise.all(
      Array.from({ length: 10 }, async (_, writer) => {
        while (commits < 25) {
          commits++
          await store.mutate<Slice>('p', (d) => void ((d.blobs[`w${writer}`] = BLOB), d.count++))
        }
      }),
    )
    const folds = writes.map((path) => path.slice(dir.length + 1))
    expect(folds[0]).toBe('.state.json.fold.tmp')
    expect(folds).not.toContain('.state.json.tmp')
    await until(async () => (await logSeqOf()) > 0)
    // what a crash leaves now has every commit
    expect((await open(await crashCopy(), nodeFileLayer)).read<Slice>('p').count).toBe(commits)
    await store.close()
    expect((await open(dir, nodeFileLayer)).read<Slice>('p').count).toBe(commits)
  })

  it('close waits for a fold in flight, then folds everything and empties the log', async () => {
    const store = await open()
    disk.hold('.fold.tmp')
    await fillPastFoldSize(store)
    await disk.until('.fold.tmp')
    await store.mutate<Slice>('p', (d) => void (d.count = 7))
    const closed = store.close()
    disk.release('.fold.tmp')
    await closed
    expect(await readFile(`${file()}.log`, 'utf-8')).toBe('')
    const reopened = (await open(dir, nodeFileLayer)).read<Slice>('p')
    expect(reopened.count).toBe(7)
    expect(Object.keys(reopened.blobs)).toHaveLength(5)
  })
})
