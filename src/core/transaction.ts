// In-place transactions on a JSON tree: a recipe changes the live objects through a recording proxy; if it throws,
// the undo log puts every touched property back. A change costs what it touches, not the size of the tree.

type Key = string | symbol
type Path = (string | number)[]

interface UndoEntry {
  target: object
  key: Key
  had: boolean
  old: unknown
}

const PROXY_TARGET = new WeakMap<object, object>()

/** The live object behind a draft (the value itself otherwise): for scans that must not cost a proxy per item. */
export function liveObject<T>(value: T): T {
  return (typeof value === 'object' && value !== null ? (PROXY_TARGET.get(value) as T | undefined) : undefined) ?? value
}

/**
 * The real object behind a proxy; for new data (e.g. the result of `draft.list.filter(...)`), proxies nested in it are
 * replaced by their targets so that no proxy is ever stored in the tree.
 */
function unwrap<T>(value: T, depth = 0): T {
  if (typeof value !== 'object' || value === null) return value
  const target = PROXY_TARGET.get(value)
  if (target) return target as T
  if (depth > 64) return value
  const record = value as Record<string, unknown>
  for (const key of Object.keys(record)) {
    const child = record[key]
    if (typeof child === 'object' && child !== null) {
      const unwrapped = unwrap(child, depth + 1)
      if (unwrapped !== child) record[key] = unwrapped
    }
  }
  return value
}

export interface TransactionResult<R> {
  result: R
  /** Paths (from the root) whose value changed, minus any below another changed path. */
  changed: Path[]
  /** Undoes the committed change in memory (when the disk refuses it); only valid while no later change depends on it. */
  rollback: () => void
}

/**
 * An array the transaction changed: while it only grew at its end, only its new items need to be logged; when a few
 * items were rewritten in place (a heap's sift), those items and the new length.
 */
interface ChangedArray {
  path: Path
  length: number
  appendOnly: boolean
  indices: Set<number>
}

const INDEX = /^(?:0|[1-9]\d*)$/

export class Transaction {
  private readonly undo: UndoEntry[] = []
  private readonly recorded = new WeakMap<object, Set<Key>>()
  private readonly proxies = new WeakMap<object, object>()
  private readonly changedPaths: Path[] = []
  private readonly arrays = new Map<unknown[], ChangedArray>()

  private record(target: object, key: Key, path: Path): void {
    if (Array.isArray(target)) return this.recordArray(target, key, path)
    this.remember(target, key)
    if (typeof key === 'symbol') return
    this.changedPaths.push([...path, key])
  }

  /**
   * Setting or deleting an index changes an array's length first, so the length is kept as it was too. Any change
   * other than growing at the end (e.g. `push`) makes the array change as a whole: indices shift.
   */
  private recordArray(target: unknown[], key: Key, path: Path, set?: { value: unknown }): void {
    if (key !== 'length') this.remember(target, 'length')
    this.remember(target, key)
    let changed = this.arrays.get(target)
    if (!changed) this.arrays.set(target, (changed = { path, length: target.length, appendOnly: true, indices: new Set() }))
    if (typeof key === 'string' && INDEX.test(key)) changed.indices.add(Number(key))
    if (!changed.appendOnly) return
    const grows =
      set !== undefined &&
      (key === 'length'
        ? typeof set.value === 'number' && set.value >= changed.length && set.value <= target.length
        : typeof key === 'string' && INDEX.test(key) && Number(key) >= changed.length && Number(key) <= target.length)
    if (!grows) changed.appendOnly = false
  }

  private remember(target: object, key: Key): void {
    let keys = this.recorded.get(target)
    if (!keys) this.recorded.set(target, (keys = new Set()))
    if (!keys.has(key)) {
      keys.add(key)
      this.undo.push({ target, key, had: Object.prototype.hasOwnProperty.call(target, key), old: (target as Record<Key, unknown>)[key] })
    }
  }

  wrap<T extends object>(target: T, path: Path = []): T {
    const cached = this.proxies.get(target)
    if (cached) return cached as T
    const proxy = new Proxy(target, {
      get: (t, key, receiver) => {
        const value = Reflect.get(t, key, receiver)
        if (typeof value !== 'object' || value === null || typeof key === 'symbol') return value
        return this.proxies.get(value) ?? this.wrap(value, [...path, Array.isArray(t) ? Number(key) : key])
      },
      set: (t, key, value) => {
        if (Array.isArray(t)) this.recordArray(t, key, path, { value })
        else this.record(t, key, path)
        return Reflect.set(t, key, unwrap(value))
      },
      deleteProperty: (t, key) => {
        if (!Object.prototype.hasOwnProperty.call(t, key)) return true
        this.record(t, key, path)
        return Reflect.deleteProperty(t, key)
      },
      defineProperty: (t, key, descriptor) => {
        this.record(t, key, path)
        return Reflect.defineProperty(t, key, 'value' in descriptor ? { ...descriptor, value: unwrap(descriptor.value) } : descriptor)
      },
    })
    this.proxies.set(target, proxy)
    PROXY_TARGET.set(proxy, target)
    return proxy
  }

  rollback(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) {
      const { target, key, had, old } = this.undo[i]
      if (had) Reflect.set(target, key, old)
      else Reflect.deleteProperty(target, key)
    }
    this.undo.length = 0
  }

  changed(): Path[] {
    const paths = [...this.changedPaths]
    for (const [array, changed] of this.arrays) {
      if (changed.appendOnly && array.length >= changed.length) {
        for (let i = changed.length; i < array.length; i++) paths.push([...changed.path, i])
      } else if (rewrittenInPlace(array, changed)) {
        for (const i of changed.indices) if (i < array.length) paths.push([...changed.path, i])
        if (array.length !== changed.length) paths.push([...changed.path, 'length'])
      } else paths.push(changed.path)
    }
    // Shortest first; a path under (or equal to) a kept one is already covered. Each kept path is remembered by its
    // encoding, so a path is checked by looking up its own prefixes: no per-segment objects (10,000 settled transitions
    // change 20,000 paths; issue #20).
    paths.sort((a, b) => a.length - b.length)
    const keptKeys = new Set<string>()
    const kept: Path[] = []
    for (const p of paths) {
      let key = ''
      let covered = keptKeys.has(key)
      for (let i = 0; i < p.length && !covered; i++) {
        key += segment(p[i])
        covered = keptKeys.has(key)
      }
      if (!covered) {
        keptKeys.add(key)
        kept.push(p)
      }
    }
    return kept
  }
}

/** One path segment, length-prefixed so that no two paths share an encoding (a key may hold any character). */
function segment(part: string | number): string {
  const text = String(part)
  return `${text.length}:${text}/`
}

/**
 * Whether logging the rewritten items (and the length) is exact and smaller than the whole array: no holes (every new
 * position was written) and at most half the items touched. Replayed in any order, the sets and the length give the
 * same array, since only positions below the final length are logged.
 */
function rewrittenInPlace(array: unknown[], changed: ChangedArray): boolean {
  for (let i = changed.length; i < array.length; i++) if (!changed.indices.has(i)) return false
  let touched = 0
  for (const i of changed.indices) if (i < array.length) touched++
  return touched * 2 <= array.length
}

/** A detached deep copy of JSON data (works through transaction proxies too). */
export function plainCopy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T)
}

/** Runs `recipe` on `root` in place; rolls back and rethrows if it throws. The result is returned as a detached copy. */
export function runTransaction<T extends object, R>(root: T, recipe: (draft: T) => R): TransactionResult<R> {
  const tx = new Transaction()
  try {
    const result = recipe(tx.wrap(root))
    return { result: plainCopy(result), changed: tx.changed(), rollback: () => tx.rollback() }
  } catch (err) {
    tx.rollback()
    throw err
  }
}
