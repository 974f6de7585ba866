// The one state document (a slice per provider): changes run as in-place transactions that commit only when their
// recipe succeeds; in file mode each commit is appended to a write-ahead log before its caller is answered, and the
// log is folded into state.json from time to time, so a request costs what it changes, not the size of the store.
import { Low, Memory } from 'lowdb'
import { runTransaction, type TransactionResult } from './transaction.js'
import { DROP_FRONT_OPERATION, LogFile, type JsonTexts, type LogOperation } from './log-file.js'
import { errnoCode, type FileLayer } from './file-layer.js'
import { findShapeProblem, MAX_NESTING_DEPTH } from './json-shape.js'
import { StateFileError } from './storage-errors.js'

export { dropFront, plainCopy } from './transaction.js'

/** What a recipe changes: the live slice, seen through a recording proxy. */
export type Draft<T> = T

export const STATE_SCHEMA_VERSION = 1

export interface StateDocument {
  schema: number
  providers: Record<string, unknown>
}

/** Why a change was made, for listeners: a state-machine transition applied by settle, or anything else. */
export interface CommitInfo {
  cause?: 'transition'
}

/** Told of every committed change once it is durable: the provider and the changed paths inside its slice. */
export type CommitListener = (providerId: string, changed: (string | number)[][], info: CommitInfo) => void

export interface StoreOptions {
  /** Path of the JSON file; omit for an in-memory store. */
  file?: string
  /** Builds the slice a provider starts with (after a reset, or when the file has none). */
  emptySlice: (providerId: string) => unknown
  providerIds: string[]
  /** Checks a slice read from the file at start-up (the provider's validateSlice); returns the problem or undefined. */
  validateSlice?: (providerId: string, slice: unknown) => string | undefined
  /** The file-system calls (tests inject failures); default node:fs. */
  files?: FileLayer
  /** Where start-up warnings go (default stderr). */
  warn?: (line: string) => void
}

const STARTUP_FORBIDDEN_KEYS = new Set(['__proto__'])

/** Disk errors after which a start still works from the log (a full disk); others (read-only, permissions) refuse. */
const START_WITHOUT_COMPACTION = new Set(['ENOSPC', 'EDQUOT'])

export class Store {
  private readonly revisions = new Map<string, number>()
  /** logWithText's texts for the change being made. */
  private jsonTexts: JsonTexts | undefined
  private readonly commitListeners: CommitListener[] = []

  private constructor(
    private readonly db: Low<StateDocument>,
    private readonly log: LogFile | undefined,
    private readonly options: StoreOptions,
  ) {}

  static async open(options: StoreOptions): Promise<Store> {
    const log = options.file ? new LogFile(options.file, options.files) : undefined
    const db = new Low<StateDocument>(log ?? new Memory<StateDocument>(), { schema: STATE_SCHEMA_VERSION, providers: {} })
    await db.read()
    if (log) checkLoadedDocument(db.data, log.file, options)
    const store = new Store(db, log, options)
    for (const id of options.providerIds) {
      const stored = db.data.providers[id]
      if (!(id in db.data.providers)) db.data.providers[id] = options.emptySlice(id)
      // a state file written before a provider's slice gained a part: the part starts empty (as a seed is completed)
      else if (stored && typeof stored === 'object' && !Array.isArray(stored)) db.data.providers[id] = { ...(options.emptySlice(id) as object), ...stored }
    }
    // Start from one plain state.json and an empty log. On a full disk the log (cut back to its last complete line)
    // serves until there is room again; a read-only or unwritable data dir refuses to start.
    if (log) {
      try {
        await log.compact(db.data)
      } catch (err) {
        const code = errnoCode((err as { cause?: unknown }).cause) ?? (err as { code?: string }).code
        if (!code || !START_WITHOUT_COMPACTION.has(code)) {
          throw new StateFileError(
            `cannot write ${log.file} (${code ?? (err as Error).message}): the data dir must be writable; fix its permissions or mount, or start with --in-memory`,
          )
        }
        try {
          await log.cutTornTail()
        } catch (cutErr) {
          throw new StateFileError(`cannot write ${log.logFile} (${errnoCode(cutErr) ?? (cutErr as Error).message}): free disk space or start with --in-memory`)
        }
        ;(options.warn ?? ((line) => console.error(line)))(
          `redis-cloud-emulator: warning: ${log.file} could not be compacted (${code}, disk full); serving from its log, and changes fail until there is room`,
        )
      }
    }
    return store
  }

  get persistent(): boolean {
    return Boolean(this.options.file)
  }

  /** Goes up with every committed change of the provider's slice (slices change in place, so identity says nothing). */
  revision(providerId: string): number {
    return this.revisions.get(providerId) ?? 0
  }

  private bump(providerId: string): void {
    this.revisions.set(providerId, this.revision(providerId) + 1)
  }

  /** The provider's current slice. Read it; never change it outside mutate(). */
  read<S>(providerId: string): S {
    const slice = this.db.data.providers[providerId]
    if (slice === undefined) throw new Error(`store: no slice for provider "${providerId}"`)
    return slice as S
  }

  /**
   * Runs `recipe` on the provider's slice. If it throws, every change it made is undone and the error propagates;
   * otherwise the change is durable (file mode) before the promise resolves. The recipe must be synchronous; what it
   * returns is handed back as a detached copy.
   * `live` is the same slice without the recording proxy: scan it for checks that read many records, before writing
   * (reads through the draft cost a proxy each).
   */
  async mutate<S, R = void>(providerId: string, recipe: (draft: Draft<S>, live: S) => R, info: CommitInfo = {}): Promise<R> {
    const slice = this.read<S & object>(providerId)
    let texts: JsonTexts | undefined
    let operations: LogOperation[] | undefined
    let committed: TransactionResult<R>
    try {
      committed = runTransaction(slice, (draft) => recipe(draft, slice))
      if (committed.changed.length && this.log) {
        operations = committed.changes.map((change): LogOperation => {
          const at = prefixed(providerId, change.path)
          if (change.dropFront !== undefined) return [at, DROP_FRONT_OPERATION, change.dropFront]
          const value = valueAt(slice, change.path)
          return value === undefined ? [at] : [at, value]
        })
        texts = this.jsonTexts
      }
    } finally {
      // the texts describe the records as this change left them: never reused by a later change
      this.jsonTexts = undefined
    }
    const { result, changed, rollback } = committed
    if (changed.length) this.bump(providerId)
    if (operations && this.log) {
      // If the disk refuses the commit, the log undoes it (with any later ones) before this rejects.
      await this.log.append(
        operations,
        this.db.data,
        () => {
          rollback()
          this.bump(providerId)
        },
        texts,
      )
    }
    if (changed.length) this.notify(providerId, changed, info)
    return result
  }

  /**
   * Inside a mutate recipe, after the last change of `record`: its JSON text (JSON.stringify of it as it is now), which
   * the write-ahead log then uses rather than serialising the record again (a Redis Enterprise bdb, ~4 KB, is
   * serialised for the answer anyway). Valid for this change only.
   */
  logWithText(record: object, text: string): void {
    if (!this.log) return
    ;(this.jsonTexts ??= new Map()).set(record, text)
  }

  /** Listens to every committed change (the dashboard's event stream); listeners must be cheap and never throw. */
  onCommit(listener: CommitListener): void {
    this.commitListeners.push(listener)
  }

  private notify(providerId: string, changed: (string | number)[][], info: CommitInfo): void {
    for (const listener of this.commitListeners) listener(providerId, changed, info)
  }

  document(): StateDocument {
    return this.db.data
  }

  async replaceSlices(slices: Record<string, unknown>): Promise<void> {
    const providers = this.db.data.providers
    const previous = Object.keys(slices).map((id) => [id, Object.prototype.hasOwnProperty.call(providers, id), providers[id]] as const)
    for (const [id, slice] of Object.entries(slices)) {
      providers[id] = slice
      this.bump(id)
    }
    // nothing half-loaded: a refused write puts every previous slice back
    await this.log?.append(
      Object.entries(slices).map(([id, slice]): LogOperation => [[id], slice]),
      this.db.data,
      () => {
        for (const [id, had, slice] of previous) {
          if (had) providers[id] = slice
          else delete providers[id]
          this.bump(id)
        }
      },
    )
    // the whole slice changed: listeners see the empty path
    for (const id of Object.keys(slices)) this.notify(id, [[]], {})
  }

  async reset(providerIds: string[] = this.options.providerIds): Promise<void> {
    await this.replaceSlices(Object.fromEntries(providerIds.map((id) => [id, this.options.emptySlice(id)])))
  }

  /** Folds the log into state.json, so the file on disk is one plain document. */
  async flush(): Promise<void> {
    await this.log?.compact(this.db.data)
  }

  /** Folds the log into state.json and closes it; if the disk refuses the fold, the log still holds every commit. */
  async close(): Promise<void> {
    try {
      await this.flush()
    } finally {
      await this.log?.close()
    }
  }
}

/** Start-up checks of a loaded document: layout, shape (depth, prototype keys) and each known slice's validator. */
function checkLoadedDocument(doc: StateDocument, file: string, options: StoreOptions): void {
  const advice = 'it was left untouched: repair it, or move it away (with its .log) to start empty'
  if (doc.schema !== STATE_SCHEMA_VERSION || typeof doc.providers !== 'object' || doc.providers === null || Array.isArray(doc.providers)) {
    throw new StateFileError(`state file ${file} has an unsupported layout (schema ${JSON.stringify(doc.schema) ?? 'missing'}, expected ${STATE_SCHEMA_VERSION} with a "providers" object); ${advice}`)
  }
  // What the emulator wrote itself may nest a stored body (within the body limit) a few levels down, so start-up allows
  // twice the body limit; it still stops a hand-made document before a recursive helper could overflow. Only
  // "__proto__" is refused here: as an own key it would vanish from every copy and skip the validators.
  const shape = findShapeProblem(doc, { maxDepth: 2 * MAX_NESTING_DEPTH, forbiddenKeys: STARTUP_FORBIDDEN_KEYS })
  if (shape) throw new StateFileError(`state file ${file}: ${shape.message}; ${advice}`)
  for (const id of options.providerIds) {
    if (!(id in doc.providers)) continue
    const slice = doc.providers[id]
    // A slice written by an older version may lack parts added since: they start from the provider's empty defaults,
    // as in a state import (the file itself is only rewritten once everything validated).
    if (typeof slice === 'object' && slice !== null && !Array.isArray(slice)) {
      doc.providers[id] = { ...(options.emptySlice(id) as object), ...slice }
    }
    const problem = options.validateSlice?.(id, doc.providers[id])
    if (problem) throw new StateFileError(`state file ${file}: providers.${id}: ${problem}; ${advice}`)
  }
}

/** The path from the document's providers, sized exactly (a spread grows its array in steps; a settle logs 20,000). */
function prefixed(providerId: string, path: (string | number)[]): (string | number)[] {
  const out = new Array<string | number>(path.length + 1)
  out[0] = providerId
  for (let i = 0; i < path.length; i++) out[i + 1] = path[i]
  return out
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let node = root as Record<string | number, unknown> | undefined
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, key)) return undefined
    node = node[key] as Record<string | number, unknown> | undefined
  }
  return node
}
