// File persistence: state.json (a full document) plus state.json.log (one JSON line per commit: the paths it changed
// and their new values). Appends are batched and acknowledged once written; the log is folded into state.json (temp
// file + rename) when it outgrows the document, on open and on close. A torn last line was never acknowledged.
// A fold for size runs beside the appends (commits are not held while a large document is written) and then drops
// the folded head of the log; a fold asked for (open, close, flush) holds them and empties the log.
// A write the disk refuses undoes its commits (and every later one) in memory, newest first, and cuts the log back to
// its last complete line, so the log never holds a partial line that a later append would glue onto.
import { basename, dirname, join } from 'node:path'
import type { Adapter } from 'lowdb'
import { errnoCode, nodeFileLayer, type AppendHandle, type FileLayer } from './file-layer.js'
import { StateFileError, StorageWriteError } from './storage-errors.js'
import type { StateDocument } from './store.js'
import { removeFirst } from './transaction.js'

type LogPath = (string | number)[]

/**
 * One change as a log line holds it: the path and its new value, the path alone when it was deleted, or an array's path
 * with DROP_FRONT_OPERATION and how many of its first items were removed (transaction.ts dropFront).
 */
export type LogOperation = [path: LogPath] | [path: LogPath, value: unknown] | [path: LogPath, kind: typeof DROP_FRONT_OPERATION, count: number]

export const DROP_FRONT_OPERATION = 'drop-front'

type LogLine = { s: number; o: LogOperation[] }

/** Values whose JSON text is already known (Store.logWithText): the line takes the text instead of serialising again. */
export type JsonTexts = Map<object, string>

/** The log line's text: JSON.stringify of the line, with each value that has a known text written as that text. */
export function lineText(line: LogLine, texts?: JsonTexts): string {
  if (!texts?.size) return JSON.stringify(line)
  let out = `{"s":${JSON.stringify(line.s)},"o":[`
  for (let i = 0; i < line.o.length; i++) {
    const op = line.o[i]
    const value = op.length === 2 ? op[1] : undefined
    const known = typeof value === 'object' && value !== null ? texts.get(value) : undefined
    out += (i ? ',' : '') + (known === undefined ? JSON.stringify(op) : `[${JSON.stringify(op[0])},${known}]`)
  }
  return `${out}]}`
}

interface Waiter {
  resolve: () => void
  reject: (err: unknown) => void
  /** Puts memory back as it was before this commit (appends only). */
  undo?: () => void
}

const MIN_LOG_BYTES_BEFORE_COMPACTION = 4 * 1024 * 1024
/** A log this many times past its fold size is folded holding the commits, if a background fold could not start. */
const FORCED_FOLD_FACTOR = 4
const FORBIDDEN_PATH_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/** Replays one operation; answers why it cannot be replayed (a drop-front whose path holds no array), else undefined. */
function applyOperation(doc: StateDocument, op: LogOperation): string | undefined {
  const path = op[0]
  let node = doc.providers as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {}
    node = node[key] as Record<string | number, unknown>
  }
  const last = path[path.length - 1]
  if (op.length === 3) {
    const array = node[last]
    if (!Array.isArray(array)) return 'a drop-front operation names something other than a list'
    removeFirst(array, op[2])
  } else if (op.length === 1) delete node[last]
  else node[last] = op[1]
  return undefined
}

/** Why a parsed log line cannot be replayed, or undefined when it can. */
function logLineProblem(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'not a log record'
  const { s, o } = entry as Partial<LogLine>
  if (!Number.isInteger(s) || (s as number) < 1) return 'its sequence number "s" is missing or not a positive integer'
  if (!Array.isArray(o)) return 'its operation list "o" is missing or not an array'
  for (const op of o) {
    if (!Array.isArray(op) || op.length < 1 || op.length > 3) return 'an operation is not [path], [path, value] or [path, "drop-front", count]'
    if (op.length === 3 && (op[1] !== DROP_FRONT_OPERATION || !Number.isInteger(op[2]) || op[2] < 1)) return 'a three-part operation is not [path, "drop-front", count]'
    const path = op[0] as unknown
    if (!Array.isArray(path) || path.length === 0) return 'an operation has no path'
    for (const key of path) {
      if (typeof key !== 'string' && typeof key !== 'number') return 'an operation path holds something other than names and indices'
      if (typeof key === 'string' && FORBIDDEN_PATH_KEYS.has(key)) return `an operation path uses the key "${key}"`
    }
  }
  return undefined
}

export class LogFile implements Adapter<StateDocument> {
  private readonly logPath: string
  private readonly tempPath: string
  private handle: AppendHandle | undefined
  /** Last sequence number handed out, and the last one known to be on disk. */
  private seq = 0
  private durableSeq = 0
  private pending: string[] = []
  private waiting: Waiter[] = []
  private compactWaiting: Waiter[] = []
  private latest: StateDocument | undefined
  private writing = false
  /** Bytes of complete lines in the log: where a failed append is cut back to. */
  private logBytes = 0
  /** A failed append could not be cut back yet: the next write cuts first. */
  private needsTruncate = false
  private snapshotBytes = 0
  /** A background fold is being written (its promise settles once it is renamed into place, or given up). */
  private folding: Promise<void> | undefined
  /** A background fold is in state.json: the log's first bytes up to here are folded and can be dropped. */
  private foldedLogBytes: number | undefined
  /** After a refused background fold: the log size at which the next one is tried. */
  private foldRetryAt = 0
  private readonly foldTempPath: string
  private readonly logTempPath: string

  constructor(
    readonly file: string,
    private readonly files: FileLayer = nodeFileLayer,
  ) {
    this.logPath = `${file}.log`
    this.tempPath = join(dirname(file), `.${basename(file)}.tmp`)
    this.foldTempPath = join(dirname(file), `.${basename(file)}.fold.tmp`)
    this.logTempPath = join(dirname(file), `.${basename(file)}.log.tmp`)
  }

  get logFile(): string {
    return this.logPath
  }

  async read(): Promise<StateDocument | null> {
    let doc: (StateDocument & { logSeq?: number }) | null = null
    const snapshotText = await this.readOrExplain(this.file)
    if (snapshotText !== undefined) {
      try {
        doc = JSON.parse(snapshotText)
      } catch (err) {
        throw new StateFileError(
          `state file ${this.file} is not valid JSON (${(err as Error).message}); it was left untouched: repair it, or move it away to start empty`,
        )
      }
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
        throw new StateFileError(
          `state file ${this.file} holds ${doc === null ? 'null' : typeof doc}, not a state document; it was left untouched: restore it from a backup, or move it away (with ${this.logPath}) to start empty`,
        )
      }
      this.snapshotBytes = snapshotText.length
    }
    const logSeq = doc?.logSeq
    if (logSeq !== undefined && (!Number.isInteger(logSeq) || logSeq < 0)) {
      throw new StateFileError(`state file ${this.file} has an invalid "logSeq" (${JSON.stringify(logSeq)}); it was left untouched: repair it, or move it away to start empty`)
    }
    const snapshotSeq = logSeq ?? 0
    if (doc) delete doc.logSeq
    this.seq = snapshotSeq
    const logText = await this.readOrExplain(this.logPath)
    if (logText) {
      const lines = logText.split('\n')
      // The last piece has no newline: it is empty, or an append torn by a crash (never acknowledged).
      const complete = lines.length - 1
      let offset = 0
      for (let i = 0; i < complete; i++) {
        const lineBytes = Buffer.byteLength(lines[i]) + 1
        if (!lines[i].trim()) {
          offset += lineBytes
          continue
        }
        let entry: LogLine
        try {
          entry = JSON.parse(lines[i])
        } catch {
          throw new StateFileError(
            `state log ${this.logPath} is corrupt at line ${i + 1} (not JSON); both files were left untouched: remove that line and the ones after it to keep the commits before it, or move both files away to start empty`,
          )
        }
        const problem = logLineProblem(entry)
        if (problem) {
          throw new StateFileError(
            `state log ${this.logPath} is corrupt at line ${i + 1} (${problem}); both files were left untouched: remove that line and the ones after it to keep the commits before it, or move both files away to start empty`,
          )
        }
        offset += lineBytes
        if (entry.s <= snapshotSeq) continue
        if (entry.s !== this.seq + 1) {
          const where = snapshotText === undefined ? `${this.file} is missing` : `${this.file} ends at commit ${snapshotSeq}`
          throw new StateFileError(
            `state log ${this.logPath} continues at line ${i + 1} from commit ${entry.s}, but ${where} (commit ${this.seq + 1} is missing); both files were left untouched: restore ${basename(this.file)} from a backup, or move both files away to start empty`,
          )
        }
        doc ??= { schema: 1, providers: {} }
        for (const op of entry.o) {
          const replayProblem = applyOperation(doc, op)
          if (replayProblem) {
            throw new StateFileError(
              `state log ${this.logPath} is corrupt at line ${i + 1} (${replayProblem}); both files were left untouched: remove that line and the ones after it to keep the commits before it, or move both files away to start empty`,
            )
          }
        }
        this.seq = entry.s
      }
      this.logBytes = offset
      this.needsTruncate = offset !== Buffer.byteLength(logText)
    }
    this.durableSeq = this.seq
    return doc
  }

  private async readOrExplain(path: string): Promise<string | undefined> {
    try {
      return await this.files.readText(path)
    } catch (err) {
      throw new StateFileError(`cannot read ${path} (${errnoCode(err) ?? (err as Error).message}): check the data dir's permissions and disk`)
    }
  }

  /** lowdb's write: the whole document, folded into state.json. */
  write(data: StateDocument): Promise<void> {
    return this.compact(data)
  }

  /**
   * Resolves once the operations are on disk (in the log, or in a compacted state.json). If the disk refuses them,
   * `undo` runs (with the undo of every later commit, newest first) before the promise rejects with a StorageWriteError.
   */
  append(operations: LogOperation[], doc: StateDocument, undo?: () => void, texts?: JsonTexts): Promise<void> {
    const line: LogLine = { s: ++this.seq, o: operations }
    let text: string
    try {
      text = `${lineText(line, texts)}\n`
    } catch (err) {
      // e.g. a value too deep to serialise: this commit alone is refused
      this.seq--
      undo?.()
      return Promise.reject(err)
    }
    this.pending.push(text)
    this.latest = doc
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject, undo }))
    void this.drain()
    return done
  }

  compact(doc: StateDocument): Promise<void> {
    this.latest = doc
    const done = new Promise<void>((resolve, reject) => this.compactWaiting.push({ resolve, reject }))
    void this.drain()
    return done
  }

  /** Cuts a torn tail (left by a crash) off the log without compacting: for a start on a full disk. */
  async cutTornTail(): Promise<void> {
    if (!this.needsTruncate) return
    this.handle ??= await this.openLog()
    await this.handle.truncate(this.logBytes)
    this.needsTruncate = false
  }

  private async drain(): Promise<void> {
    if (this.writing) return
    this.writing = true
    try {
      while (this.pending.length || this.compactWaiting.length || this.foldedLogBytes !== undefined) {
        if (this.foldedLogBytes !== undefined) await this.dropFoldedHead(this.foldedLogBytes)
        else if (this.compactWaiting.length || this.logBytes > FORCED_FOLD_FACTOR * this.foldSize()) {
          // A fold in flight ends by renaming onto state.json too: the newer document must land last.
          if (this.folding) await this.folding
          else await this.writeSnapshot()
        } else {
          await this.writeLog()
        }
      }
    } finally {
      this.writing = false
    }
  }

  /** The log size past which it is folded into state.json: as large as the document, and at least 4 MB. */
  private foldSize(): number {
    return Math.max(MIN_LOG_BYTES_BEFORE_COMPACTION, this.snapshotBytes)
  }

  /**
   * The document to fold the log into, once the log (with this batch) has outgrown it: serialised as the batch is taken,
   * when every commit in memory is in the batch or on disk. Once the batch is on disk, the fold holds nothing that a
   * refused append could still undo, and the log lines after the batch are exactly the commits after it; commits that
   * arrive meanwhile wait for no fold. (Taken later, once the append ends, the next commits are usually in memory
   * already: under a steady load no fold would ever start beside the appends.)
   */
  private foldTextIfDue(batchBytes: number): string | undefined {
    if (this.folding || this.foldedLogBytes !== undefined) return undefined
    if (this.logBytes + batchBytes <= Math.max(this.foldSize(), this.foldRetryAt)) return undefined
    try {
      return JSON.stringify({ ...this.latest, logSeq: this.seq })
    } catch {
      return undefined
    }
  }

  private startFold(text: string, logBytes: number): void {
    this.folding = this.writeFold(text, logBytes).finally(() => {
      this.folding = undefined
      void this.drain()
    })
  }

  private async writeFold(text: string, logBytes: number): Promise<void> {
    try {
      await this.files.mkdirp(dirname(this.file))
      await this.files.writeText(this.foldTempPath, text)
      await this.files.rename(this.foldTempPath, this.file)
    } catch {
      // Nothing is lost: the log still holds every commit. Tried again once the log has grown as much again.
      await this.files.remove(this.foldTempPath).catch(() => undefined)
      this.foldRetryAt = this.logBytes + this.foldSize()
      return
    }
    this.snapshotBytes = text.length
    this.foldRetryAt = 0
    this.foldedLogBytes = logBytes
  }

  /**
   * After a background fold: keeps only the log's lines after the folded ones, written to a temp file renamed over the
   * log. A crash before the rename leaves the whole log, whose folded lines are skipped on read.
   */
  private async dropFoldedHead(foldedLogBytes: number): Promise<void> {
    this.foldedLogBytes = undefined
    try {
      const text = (await this.files.readText(this.logPath)) ?? ''
      const tail = Buffer.from(text, 'utf-8').subarray(foldedLogBytes, this.logBytes).toString('utf-8')
      await this.files.writeText(this.logTempPath, tail)
      await this.handle?.close()
      this.handle = undefined
      await this.files.rename(this.logTempPath, this.logPath)
    } catch {
      // The whole log stays, folded lines and all: correct, only longer; the next fold drops them.
      await this.files.remove(this.logTempPath).catch(() => undefined)
      return
    }
    this.logBytes -= foldedLogBytes
    this.needsTruncate = false
  }

  /**
   * The disk refused a write: every commit not yet durable (this batch and all queued after it) is undone in memory,
   * newest first, synchronously (before anything else can read or serialise the document), then rejected.
   */
  private fail(batch: Waiter[], err: unknown, file: string): void {
    const queued = this.waiting
    this.pending = []
    this.waiting = []
    this.seq = this.durableSeq
    const all = [...batch, ...queued]
    for (let i = all.length - 1; i >= 0; i--) all[i].undo?.()
    const failure = new StorageWriteError(errnoCode(err), file, err)
    for (const w of all) w.reject(failure)
  }

  private async writeLog(): Promise<void> {
    const text = this.pending.join('')
    const bytes = Buffer.byteLength(text)
    const batch = this.waiting
    const lastSeq = this.seq
    const foldText = this.foldTextIfDue(bytes)
    this.pending = []
    this.waiting = []
    try {
      this.handle ??= await this.openLog()
      if (this.needsTruncate) {
        await this.handle.truncate(this.logBytes)
        this.needsTruncate = false
      }
    } catch (err) {
      return this.fail(batch, err, this.logPath)
    }
    try {
      await this.handle.append(text)
    } catch (err) {
      // Part of the text may be on disk: cut back to the last complete line (or cut before the next write).
      this.needsTruncate = true
      this.fail(batch, err, this.logPath)
      try {
        await this.handle.truncate(this.logBytes)
        this.needsTruncate = false
      } catch {
        // still torn: the next write tries again before appending
      }
      return
    }
    this.logBytes += bytes
    this.durableSeq = lastSeq
    for (const w of batch) w.resolve()
    if (foldText !== undefined) this.startFold(foldText, this.logBytes)
  }

  private async writeSnapshot(): Promise<void> {
    // Serialised in one synchronous step, the live document holds every commit numbered up to this.seq,
    // including the ones still waiting for the log: the snapshot acknowledges them too.
    const snapshotSeq = this.seq
    const appends = this.waiting
    const compactions = this.compactWaiting
    this.pending = []
    this.waiting = []
    this.compactWaiting = []
    let text: string
    try {
      text = JSON.stringify({ ...this.latest, logSeq: snapshotSeq })
      await this.files.mkdirp(dirname(this.file))
      await this.files.writeText(this.tempPath, text)
      await this.files.rename(this.tempPath, this.file)
    } catch (err) {
      await this.files.remove(this.tempPath).catch(() => undefined)
      this.fail(appends, err, this.file)
      const failure = new StorageWriteError(errnoCode(err), this.file, err)
      for (const w of compactions) w.reject(failure)
      return
    }
    this.snapshotBytes = text.length
    this.durableSeq = snapshotSeq
    // The snapshot holds every commit: the log's lines are now skipped on read, so emptying it may fail harmlessly.
    try {
      this.handle ??= await this.openLog()
      await this.handle.truncate(0)
      this.logBytes = 0
      this.needsTruncate = false
    } catch {
      this.needsTruncate = true
    }
    for (const w of [...appends, ...compactions]) w.resolve()
  }

  private async openLog(): Promise<AppendHandle> {
    await this.files.mkdirp(dirname(this.file))
    return this.files.openAppend(this.logPath)
  }

  async close(): Promise<void> {
    await this.handle?.close()
    this.handle = undefined
  }
}
