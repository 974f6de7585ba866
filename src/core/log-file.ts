// File persistence: state.json (a full document) plus state.json.log (one JSON line per commit: the paths it changed
// and their new values). Appends are batched and acknowledged once written; the log is folded into state.json (temp
// file + rename) when it outgrows the document, on open and on close. A torn last line was never acknowledged.
import { open, readFile, rename, writeFile, mkdir, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Adapter } from 'lowdb'
import type { StateDocument } from './store.js'

export interface LogOperation {
  path: (string | number)[]
  /** Absent: the path was deleted. */
  value?: unknown
}

type LogLine = { s: number; o: ([LogOperation['path']] | [LogOperation['path'], unknown])[] }

interface Waiter {
  resolve: () => void
  reject: (err: unknown) => void
}

const MIN_LOG_BYTES_BEFORE_COMPACTION = 4 * 1024 * 1024

function applyOperation(doc: StateDocument, path: LogOperation['path'], value: unknown, deleted: boolean): void {
  let node = doc.providers as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {}
    node = node[key] as Record<string | number, unknown>
  }
  const last = path[path.length - 1]
  if (deleted) delete node[last]
  else node[last] = value
}

export class LogFile implements Adapter<StateDocument> {
  private readonly logPath: string
  private readonly tempPath: string
  private handle: FileHandle | undefined
  private seq = 0
  private pending: string[] = []
  private waiting: Waiter[] = []
  private compactWaiting: Waiter[] = []
  private latest: StateDocument | undefined
  private writing = false
  private logBytes = 0
  private snapshotBytes = 0

  constructor(private readonly file: string) {
    this.logPath = `${file}.log`
    this.tempPath = join(dirname(file), `.${basename(file)}.tmp`)
  }

  async read(): Promise<StateDocument | null> {
    let doc: (StateDocument & { logSeq?: number }) | null = null
    const snapshotText = await readOptional(this.file)
    if (snapshotText !== undefined) {
      try {
        doc = JSON.parse(snapshotText)
      } catch (err) {
        throw new Error(`state file ${this.file} is not valid JSON: ${(err as Error).message}`)
      }
      this.snapshotBytes = snapshotText.length
    }
    const snapshotSeq = doc?.logSeq ?? 0
    if (doc) delete doc.logSeq
    this.seq = snapshotSeq
    const logText = await readOptional(this.logPath)
    if (logText) {
      const lines = logText.split('\n')
      const lastNonEmpty = lines.findLastIndex((l) => l.trim() !== '')
      for (let i = 0; i <= lastNonEmpty; i++) {
        if (!lines[i].trim()) continue
        let entry: LogLine
        try {
          entry = JSON.parse(lines[i])
        } catch {
          // Only the last line can be torn, by a crash during its write; it was never acknowledged.
          if (i === lastNonEmpty) break
          throw new Error(`state log ${this.logPath} is corrupt at line ${i + 1}`)
        }
        if (entry.s <= snapshotSeq) continue
        doc ??= { schema: 1, providers: {} }
        for (const op of entry.o) applyOperation(doc, op[0], op[1], op.length === 1)
        this.seq = entry.s
      }
    }
    return doc
  }

  /** lowdb's write: the whole document, folded into state.json. */
  write(data: StateDocument): Promise<void> {
    return this.compact(data)
  }

  /** Resolves once the operations are on disk (in the log, or in a compacted state.json). */
  append(operations: LogOperation[], doc: StateDocument): Promise<void> {
    const line: LogLine = { s: ++this.seq, o: operations.map((op) => ('value' in op ? [op.path, op.value] : [op.path])) }
    this.pending.push(`${JSON.stringify(line)}\n`)
    this.latest = doc
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }))
    void this.drain()
    return done
  }

  compact(doc: StateDocument): Promise<void> {
    this.latest = doc
    const done = new Promise<void>((resolve, reject) => this.compactWaiting.push({ resolve, reject }))
    void this.drain()
    return done
  }

  private async drain(): Promise<void> {
    if (this.writing) return
    this.writing = true
    try {
      while (this.pending.length || this.compactWaiting.length) {
        const wantsCompaction = this.compactWaiting.length > 0 || this.logBytes > Math.max(MIN_LOG_BYTES_BEFORE_COMPACTION, this.snapshotBytes)
        if (wantsCompaction) await this.writeSnapshot()
        else await this.writeLog()
      }
    } finally {
      this.writing = false
    }
  }

  private async writeLog(): Promise<void> {
    const text = this.pending.join('')
    const batch = this.waiting
    this.pending = []
    this.waiting = []
    try {
      this.handle ??= await this.openLog()
      await this.handle.appendFile(text, 'utf-8')
      this.logBytes += Buffer.byteLength(text)
      for (const w of batch) w.resolve()
    } catch (err) {
      for (const w of batch) w.reject(err)
    }
  }

  private async writeSnapshot(): Promise<void> {
    // Serialised in one synchronous step, the live document holds every commit numbered up to this.seq,
    // including the ones still waiting for the log: the snapshot acknowledges them too.
    const text = JSON.stringify({ ...this.latest, logSeq: this.seq })
    const batch = [...this.waiting, ...this.compactWaiting]
    this.pending = []
    this.waiting = []
    this.compactWaiting = []
    try {
      await mkdir(dirname(this.file), { recursive: true })
      await writeFile(this.tempPath, text, 'utf-8')
      await rename(this.tempPath, this.file)
      this.snapshotBytes = text.length
      this.handle ??= await this.openLog()
      await this.handle.truncate(0)
      this.logBytes = 0
      for (const w of batch) w.resolve()
    } catch (err) {
      for (const w of batch) w.reject(err)
    }
  }

  private async openLog(): Promise<FileHandle> {
    await mkdir(dirname(this.file), { recursive: true })
    return open(this.logPath, 'a')
  }

  async close(): Promise<void> {
    await this.handle?.close()
    this.handle = undefined
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf-8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
}
