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

/** Read through a draft, answers the live object behind it (a plain object has no such key). */
const LIVE = Symbol('live object')

/** Read through an array's draft, answers a function removing its first items as one recorded change (dropFront). */
const DROP_FRONT = Symbol('drop front')

/** The undo-log key of a dropFront: its entry's `old` holds the removed items, put back in front on rollback. */
const DROPPED_ITEMS = Symbol('dropped items')

/** The live object behind a draft (the value itself otherwise): for scans that must not cost a proxy per item. */
export function liveObject<T>(value: T): T {
  return (typeof value === 'object' && value !== null ? ((value as Record<symbol, unknown>)[LIVE] as T | undefined) : undefined) ?? value
}

/**
 * The real object behind a proxy; for new data (e.g. the result of `draft.list.filter(...)`), proxies nested in it are
 * replaced by their targets so that no proxy is ever stored in the tree.
 */
function unwrap<T>(value: T, depth = 0): T {
  if (typeof value !== 'object' || value === null) return value
  const target = (value as Record<symbol, unknown>)[LIVE]
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
  /** The same changes as the write-ahead log takes them (Transaction.changes). */
  changes: Change[]
  /** Undoes the committed change in memory (when the disk refuses it); only valid while no later change depends on it. */
  rollback: () => void
}

/**
 * An array the transaction changed: while it only grew at its end, only its new items need to be logged; when a few
 * items were rewritten in place (a heap's sift), those items and the new length.
 */
interface ChangedArray {
  length: number
  appendOnly: boolean
  indices: Set<number>
  /** Items removed from the front (dropFront) before any other change of the array; `length` counts after them. */
  dropped: number
}

/**
 * One change as the write-ahead log needs it: the path, whose value now is logged (or its deletion), or an array whose
 * first `dropFront` items were removed (logged as that count, not as the whole array: a bounded log that drops its
 * oldest entry on each append would otherwise log all its entries on every change).
 */
export interface Change {
  path: Path
  dropFront?: number
  /** An item of an array with a dropFront: for the log only (listeners are told of the array's path, as for a whole one). */
  logOnly?: true
}

/**
 * What the transaction knows of one object it handed out a draft of: where it was reached (its parent and the key
 * there: its path is computed only if it changed) and which of its keys it changed. One per object, not per change:
 * settling 10,000 transitions touches 10,000 records (issue #20).
 */
interface Touched {
  target: object
  proxy: object
  parent: Touched | undefined
  /** The property key under the parent (an array index as its string). */
  key: string
  path: Path | undefined
  /** Keys changed, each kept once with its value before (the undo log). */
  keys: Set<Key> | undefined
  array: ChangedArray | undefined
  /** An array logged whole: everything below it is covered. */
  whole: boolean
}

const INDEX = /^(?:0|[1-9]\d*)$/

export class Transaction {
  private readonly undo: UndoEntry[] = []
  private readonly touched = new Map<object, Touched>()
  /** The touched objects that are arrays the transaction changed, in the order first changed. */
  private readonly arrays: Touched[] = []
  /** One handler for every draft of the transaction: a draft costs its proxy and one entry, no closures. */
  private readonly handler: ProxyHandler<object> = {
    get: (t, key, receiver) => {
      if (typeof key === 'symbol') {
        if (key === LIVE) return t
        if (key === DROP_FRONT) return (count: number) => this.dropFront(t as unknown[], count)
      }
      const value = Reflect.get(t, key, receiver)
      if (typeof value !== 'object' || value === null || typeof key === 'symbol') return value
      return this.draftOf(value, this.touched.get(t), key)
    },
    set: (t, key, value) => {
      this.record(t, key, true, value)
      return Reflect.set(t, key, unwrap(value))
    },
    deleteProperty: (t, key) => {
      if (!Object.prototype.hasOwnProperty.call(t, key)) return true
      this.record(t, key, false)
      return Reflect.deleteProperty(t, key)
    },
    defineProperty: (t, key, descriptor) => {
      this.record(t, key, false)
      return Reflect.defineProperty(t, key, 'value' in descriptor ? { ...descriptor, value: unwrap(descriptor.value) } : descriptor)
    },
  }

  /**
   * Setting or deleting an index changes an array's length first, so the length is kept as it was too. Any change
   * to an array other than growing at the end (e.g. `push`) makes it change as a whole: indices shift.
   */
  private record(target: object, key: Key, isSet: boolean, value?: unknown): void {
    const touched = this.touched.get(target)!
    if (!Array.isArray(target)) return this.remember(target, touched, key)
    if (key !== 'length') this.remember(target, touched, 'length')
    this.remember(target, touched, key)
    if (!touched.array) this.arrays.push(touched)
    const changed = (touched.array ??= { length: target.length, appendOnly: true, indices: new Set(), dropped: 0 })
    if (typeof key === 'string' && INDEX.test(key)) changed.indices.add(Number(key))
    if (!changed.appendOnly) return
    const grows =
      isSet &&
      (key === 'length'
        ? typeof value === 'number' && value >= changed.length && value <= target.length
        : typeof key === 'string' && INDEX.test(key) && Number(key) >= changed.length && Number(key) <= target.length)
    if (!grows) changed.appendOnly = false
  }

  private remember(target: object, touched: Touched, key: Key): void {
    const keys = (touched.keys ??= new Set())
    if (keys.has(key)) return
    keys.add(key)
    this.undo.push({ target, key, had: Object.prototype.hasOwnProperty.call(target, key), old: (target as Record<Key, unknown>)[key] })
  }

  /**
   * Removes the array's first `count` items. As the first change of the array in this transaction it is recorded as
   * one change (the removed items kept for the undo); after other changes of the array it is an ordinary splice.
   */
  private dropFront(target: unknown[], count: number): void {
    const touched = this.touched.get(target)!
    const n = Math.min(Math.max(0, Math.floor(count)), target.length)
    if (n === 0) return
    if (touched.array || touched.keys) {
      ;(touched.proxy as unknown[]).splice(0, n)
      return
    }
    this.undo.push({ target, key: DROPPED_ITEMS, had: true, old: removeFirst(target, n) })
    touched.array = { length: target.length, appendOnly: true, indices: new Set(), dropped: n }
    this.arrays.push(touched)
  }

  /** The draft of `target`, reached under `parent` at `key` (the first time it is reached). */
  private draftOf<T extends object>(target: T, parent: Touched | undefined, key: string): T {
    const known = this.touched.get(target)
    if (known) return known.proxy as T
    const proxy = new Proxy(target, this.handler as ProxyHandler<T>)
    this.touched.set(target, { target, proxy, parent, key, path: undefined, keys: undefined, array: undefined, whole: false })
    return proxy
  }

  wrap<T extends object>(root: T): T {
    return this.draftOf(root, undefined, '')
  }

  rollback(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) {
      const { target, key, had, old } = this.undo[i]
      if (key === DROPPED_ITEMS) putBackInFront(target as unknown[], old as unknown[])
      else if (had) Reflect.set(target, key, old)
      else Reflect.deleteProperty(target, key)
    }
    this.undo.length = 0
  }

  /** The object's path from the root (array indices as numbers), computed once. */
  private pathOf(touched: Touched): Path {
    if (touched.path) return touched.path
    if (!touched.parent) return (touched.path = [])
    const parentPath = this.pathOf(touched.parent)
    return (touched.path = extended(parentPath, Array.isArray(touched.parent.target) ? Number(touched.key) : touched.key))
  }

  /**
   * Whether a change of the object is already logged by a change above it: an ancestor's key on the way down was
   * changed (the value there is logged whole, or is gone), or an ancestor array is logged whole.
   */
  private covered(touched: Touched): boolean {
    for (let child = touched, parent = touched.parent; parent; child = parent, parent = parent.parent) {
      if (parent.whole || parent.keys?.has(child.key)) return true
    }
    return false
  }

  changed(): Path[] {
    return pathsOf(this.changes())
  }

  /**
   * The changes for the write-ahead log: like changed(), except that an array whose first items were dropped (and not
   * logged whole) is one `dropFront` change at its path, followed by its new items by index.
   */
  changes(): Change[] {
    // Each array first decides how it is logged (whole or by items): a whole array covers what is below it.
    for (const touched of this.arrays) {
      const array = touched.target as unknown[]
      const changed = touched.array!
      touched.whole = !(changed.appendOnly && array.length >= changed.length) && !rewrittenInPlace(array, changed)
    }
    // Changed keys of objects, in the order first changed; then arrays. Each (object, key) is in the undo log once.
    const changes: Change[] = []
    for (let i = 0; i < this.undo.length; i++) {
      const { target, key } = this.undo[i]
      if (Array.isArray(target) || typeof key === 'symbol') continue
      const touched = this.touched.get(target)!
      if (!this.covered(touched)) changes.push({ path: extended(this.pathOf(touched), key) })
    }
    for (const touched of this.arrays) {
      const array = touched.target as unknown[]
      const changed = touched.array!
      if (this.covered(touched)) continue
      const path = this.pathOf(touched)
      if (touched.whole) {
        changes.push({ path })
        continue
      }
      const item = (key: number | 'length'): Change => (changed.dropped ? { path: extended(path, key), logOnly: true } : { path: extended(path, key) })
      if (changed.dropped) changes.push({ path, dropFront: changed.dropped })
      if (changed.appendOnly && array.length >= changed.length) {
        for (let i = changed.length; i < array.length; i++) changes.push(item(i))
      } else {
        for (const i of changed.indices) if (i < array.length) changes.push(item(i))
        if (array.length !== changed.length) changes.push(item('length'))
      }
    }
    // Shortest first, in their order within a length (a stable sort; a settle's paths come in order already): a
    // dropFront comes before its array's items, whose indices count after the drop.
    return changes.sort((a, b) => a.path.length - b.path.length)
  }
}

/** The paths listeners are told of: every change's, except the log-only items of an array with a dropFront. */
function pathsOf(changes: Change[]): Path[] {
  const paths: Path[] = []
  for (const change of changes) if (!change.logOnly) paths.push(change.path)
  return paths
}

/** Undoes a dropFront: the removed items go back in front, in their order (no spread: the list may be long). */
function putBackInFront(array: unknown[], removed: unknown[]): void {
  const rest = array.splice(0, array.length)
  for (const item of removed) array.push(item)
  for (const item of rest) array.push(item)
}

/**
 * Removes the first `count` items of an array (fewer if it is shorter). On a draft, the transaction records it as one
 * change, so the write-ahead log holds the count rather than the whole array (a bounded log dropping its oldest
 * entry on each append); on a plain array it is a splice.
 */
export function dropFront(array: unknown[], count: number): void {
  const drop = (array as unknown as Record<symbol, ((count: number) => void) | undefined>)[DROP_FRONT]
  if (drop) drop(count)
  else removeFirst(array, Math.min(Math.max(0, Math.floor(count)), array.length))
}

/**
 * Removes and answers the first `count` items. A few are shifted off one by one: V8 shifts by moving the array's
 * start (constant time), where `splice(0, 1)` copies every remaining item (7 us against 0.2 us on 1,000 items).
 */
export function removeFirst<T>(array: T[], count: number): T[] {
  if (count > 16) return array.splice(0, count)
  const removed: T[] = []
  for (let i = 0; i < count; i++) removed.push(array.shift() as T)
  return removed
}

/** `path` with `key` appended, sized exactly (a spread grows its array in steps; a settle makes 20,000 paths). */
function extended(path: Path, key: string | number): Path {
  const out = new Array<string | number>(path.length + 1)
  for (let i = 0; i < path.length; i++) out[i] = path[i]
  out[path.length] = key
  return out
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
    const changes = tx.changes()
    return { result: plainCopy(result), changed: pathsOf(changes), changes, rollback: () => tx.rollback() }
  } catch (err) {
    tx.rollback()
    throw err
  }
}
