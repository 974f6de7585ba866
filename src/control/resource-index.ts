// The ids and scopes of every resource the dashboard lists, kept up to date from the store's commits, so a page of the
// resource table costs the page (and a scope's total or the list of scopes a lookup), not a walk over every record.
import type { AnyProvider, ResourceCollection } from '../core/provider.js'

export function recordsOf(slice: unknown, collection: string): Record<string, unknown> {
  const records = (slice as Record<string, unknown>)[collection]
  return typeof records === 'object' && records !== null ? (records as Record<string, unknown>) : {}
}

/** Where a scope-less resource (a Redis Enterprise database) is filed. */
const NO_SCOPE = Symbol('no scope')
type ScopeKey = string | typeof NO_SCOPE

export class IndexedCollection {
  /** id → scope, in the order the ids were stored (the slice's order when the index was (re)loaded). */
  private readonly scopeById = new Map<string, string | undefined>()
  /** The same ids by scope, each set in stored order. */
  private readonly idsByScope = new Map<ScopeKey, Set<string>>()

  constructor(readonly spec: ResourceCollection<unknown>) {}

  has(id: string): boolean {
    return this.scopeById.has(id)
  }

  get size(): number {
    return this.scopeById.size
  }

  /**
   * Records the resource as it is now (its scope computed once, here); undefined `record` = it is gone. A changed
   * resource keeps its place in the order.
   */
  update(id: string, record: unknown, slice: unknown): string | undefined {
    const had = this.scopeById.has(id)
    const before = this.scopeById.get(id)
    if (record === undefined) {
      if (had) this.unfile(id, before)
      this.scopeById.delete(id)
      return undefined
    }
    const scope = this.spec.scope?.(record, slice)
    if (had && before === scope) return scope
    if (had) this.unfile(id, before)
    this.scopeById.set(id, scope)
    const key = scope ?? NO_SCOPE
    let ids = this.idsByScope.get(key)
    if (!ids) this.idsByScope.set(key, (ids = new Set()))
    ids.add(id)
    return scope
  }

  private unfile(id: string, scope: string | undefined): void {
    const key = scope ?? NO_SCOPE
    const ids = this.idsByScope.get(key)
    ids?.delete(id)
    if (ids?.size === 0) this.idsByScope.delete(key)
  }

  scopes(): string[] {
    return [...this.idsByScope.keys()].filter((k): k is string => k !== NO_SCOPE)
  }

  scopeOf(id: string): string | undefined {
    return this.scopeById.get(id)
  }

  /** Ids in stored order, all or those of one scope, and how many there are. */
  ids(scope?: string): { ids: Iterable<string>; count: number } {
    if (scope === undefined) return { ids: this.scopeById.keys(), count: this.scopeById.size }
    const ids = this.idsByScope.get(scope) ?? new Set<string>()
    return { ids, count: ids.size }
  }
}

/**
 * Every dashboard collection of every provider. A resource's scope may read another part of the slice (the account
 * that owns a Redis To Go instance, a KakaoCloud group's owner): those parts change through a provider request only
 * together with the resource (in the same commit, which updates it), or by a reset, seed or state import, which
 * reloads the provider's index.
 */
export class ResourceIndex {
  private readonly byProvider = new Map<string, Map<string, IndexedCollection>>()

  /** (Re)reads one provider's collections from its slice. */
  load(provider: AnyProvider, slice: unknown): void {
    const collections = new Map<string, IndexedCollection>()
    for (const spec of provider.dashboard?.collections ?? []) {
      const indexed = new IndexedCollection(spec as ResourceCollection<unknown>)
      for (const [id, record] of Object.entries(recordsOf(slice, spec.collection))) indexed.update(id, record, slice)
      collections.set(spec.collection, indexed)
    }
    this.byProvider.set(provider.id, collections)
  }

  collections(providerId: string): Map<string, IndexedCollection> | undefined {
    return this.byProvider.get(providerId)
  }

  collection(providerId: string, collection: string): IndexedCollection | undefined {
    return this.byProvider.get(providerId)?.get(collection)
  }
}
