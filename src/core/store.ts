// The one state document (a slice per provider): changes run as in-place transactions that commit only when their
// recipe succeeds; in file mode each commit is appended to a write-ahead log before its caller is answered, and the
// log is folded into state.json from time to time, so a request costs what it changes, not the size of the store.
import { Low, Memory } from 'lowdb'
import { runTransaction } from './transaction.js'
import { LogFile, type LogOperation } from './log-file.js'

export { plainCopy } from './transaction.js'

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
}

export class Store {
  private readonly revisions = new Map<string, number>()
  private readonly commitListeners: CommitListener[] = []

  private constructor(
    private readonly db: Low<StateDocument>,
    private readonly log: LogFile | undefined,
    private readonly options: StoreOptions,
  ) {}

  static async open(options: StoreOptions): Promise<Store> {
    const log = options.file ? new LogFile(options.file) : undefined
    const db = new Low<StateDocument>(log ?? new Memory<StateDocument>(), { schema: STATE_SCHEMA_VERSION, providers: {} })
    await db.read()
    if (db.data.schema !== STATE_SCHEMA_VERSION || typeof db.data.providers !== 'object' || db.data.providers === null) {
      throw new Error(`state file ${options.file} has an unsupported layout (schema ${String(db.data.schema)})`)
    }
    const store = new Store(db, log, options)
    for (const id of options.providerIds) {
      const stored = db.data.providers[id]
      if (!(id in db.data.providers)) db.data.providers[id] = options.emptySlice(id)
      // a state file written before a provider's slice gained a part: the part starts empty (as a seed is completed)
      else if (stored && typeof stored === 'object' && !Array.isArray(stored)) db.data.providers[id] = { ...(options.emptySlice(id) as object), ...stored }
    }
    // Start from one plain state.json and an empty log.
    await log?.compact(db.data)
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
    const { result, changed } = runTransaction(slice, (draft) => recipe(draft, slice))
    if (changed.length) this.bump(providerId)
    if (changed.length && this.log) {
      const operations: LogOperation[] = changed.map((path) => {
        const value = valueAt(slice, path)
        return value === undefined ? { path: [providerId, ...path] } : { path: [providerId, ...path], value }
      })
      await this.log.append(operations, this.db.data)
    }
    if (changed.length) this.notify(providerId, changed, info)
    return result
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
    for (const [id, slice] of Object.entries(slices)) {
      this.db.data.providers[id] = slice
      this.bump(id)
    }
    await this.log?.append(
      Object.entries(slices).map(([id, slice]) => ({ path: [id], value: slice })),
      this.db.data,
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

  async close(): Promise<void> {
    await this.flush()
    await this.log?.close()
  }
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let node = root as Record<string | number, unknown> | undefined
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, key)) return undefined
    node = node[key] as Record<string | number, unknown> | undefined
  }
  return node
}
