// The one state document (a slice per provider) in lowdb: changes commit only when their recipe succeeds, and a change
// is on disk (file mode) before the caller's promise resolves.
import { Low, Memory } from 'lowdb'
import { produce, isDraft, current, setAutoFreeze, type Draft } from 'immer'
import { CoalescingJsonFile } from './json-file.js'

// Frozen snapshots catch accidental writes outside mutate(); the cost is paid only on the parts a change touches.
setAutoFreeze(true)

export const STATE_SCHEMA_VERSION = 1

export interface StateDocument {
  schema: number
  providers: Record<string, unknown>
}

export interface StoreOptions {
  /** Path of the JSON file; omit for an in-memory store. */
  file?: string
  /** Builds the slice a provider starts with (after a reset, or when the file has none). */
  emptySlice: (providerId: string) => unknown
  providerIds: string[]
}

export class Store {
  private constructor(
    private readonly db: Low<StateDocument>,
    private readonly options: StoreOptions,
  ) {}

  static async open(options: StoreOptions): Promise<Store> {
    const adapter = options.file ? new CoalescingJsonFile<StateDocument>(options.file) : new Memory<StateDocument>()
    const db = new Low<StateDocument>(adapter, { schema: STATE_SCHEMA_VERSION, providers: {} })
    await db.read()
    if (db.data.schema !== STATE_SCHEMA_VERSION || typeof db.data.providers !== 'object' || db.data.providers === null) {
      throw new Error(`state file ${options.file} has an unsupported layout (schema ${String(db.data.schema)})`)
    }
    const store = new Store(db, options)
    let added = false
    for (const id of options.providerIds) {
      if (!(id in db.data.providers)) {
        db.data.providers[id] = options.emptySlice(id)
        added = true
      }
    }
    if (added) await db.write()
    return store
  }

  get persistent(): boolean {
    return Boolean(this.options.file)
  }

  read<S>(providerId: string): S {
    const slice = this.db.data.providers[providerId]
    if (slice === undefined) throw new Error(`store: no slice for provider "${providerId}"`)
    return slice as S
  }

  /**
   * Runs `recipe` on a draft of the provider's slice. If it throws, nothing changes and the error propagates;
   * otherwise the new slice replaces the old one and is written before the promise resolves.
   * The recipe must be synchronous; what it returns is handed back as plain data.
   */
  async mutate<S, R = void>(providerId: string, recipe: (draft: Draft<S>) => R): Promise<R> {
    const before = this.read<S>(providerId)
    let result: R | undefined
    const after = produce(before, (draft) => {
      const value = recipe(draft)
      result = (isDraft(value) ? current(value as Draft<R>) : value) as R
    })
    if (after === before) return result as R
    this.db.data.providers[providerId] = after
    try {
      await this.db.write()
    } catch (err) {
      // Not durable, so not acknowledged: put the slice back unless a later change already built on it.
      if (this.db.data.providers[providerId] === after) this.db.data.providers[providerId] = before
      throw err
    }
    return result as R
  }

  document(): StateDocument {
    return this.db.data
  }

  async replaceSlices(slices: Record<string, unknown>): Promise<void> {
    for (const [id, slice] of Object.entries(slices)) this.db.data.providers[id] = slice
    await this.db.write()
  }

  async reset(providerIds: string[] = this.options.providerIds): Promise<void> {
    await this.replaceSlices(Object.fromEntries(providerIds.map((id) => [id, this.options.emptySlice(id)])))
  }

  async flush(): Promise<void> {
    await this.db.write()
  }
}
