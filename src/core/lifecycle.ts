// Lazy state machines: transitions are stored as absolute deadlines in a slice and applied, in order, when a request arrives.
import { liveObject } from './transaction.js'

export interface PendingTransition {
  id: number
  kind: string
  at: number
  target: Record<string, string | number>
}

export interface LifecycleState {
  pending: PendingTransition[]
  nextId: number
}

/** Every provider slice carries one of these; nothing in it is ever sent on the wire. */
export interface LifecycleSlice {
  lifecycle: LifecycleState
}

export function emptyLifecycle(): LifecycleState {
  return { pending: [], nextId: 1 }
}

export interface TransitionContext<S> {
  /** The moment the transition fell due, so chained transitions keep exact timing whenever the request comes. */
  at: number
  schedule(kind: string, delayMs: number, target: PendingTransition['target']): void
  /** The named delay in force now (e.g. to chain the next step of a machine). */
  delay(name: string): number
  slice: S
  /** Real-Redis mode only: whether the server behind a resource answers PING, and the host the servers listen on. */
  realRedis?: RealRedisView
}

export interface RealRedisView {
  host: string
  ready(key: string): boolean
}

/** A handler returns WAIT to stay pending (same deadline) until a later request: e.g. its server is still starting. */
export const WAIT = 'wait'

export type TransitionHandler<S> = (slice: S, transition: PendingTransition, ctx: TransitionContext<S>) => void | typeof WAIT

/** A provider's documented machine: transition kind -> what happens when it falls due. */
export type LifecycleTable<S> = Record<string, TransitionHandler<S>>

/** Earlier deadline first; at the same deadline, scheduling order (ids only grow). */
function before(a: PendingTransition, b: PendingTransition): boolean {
  return a.at < b.at || (a.at === b.at && a.id < b.id)
}

function compare(a: PendingTransition, b: PendingTransition): number {
  return before(a, b) ? -1 : before(b, a) ? 1 : 0
}

// The pending list is a binary min-heap on (at, id): pending[0] is always the next transition to fall due, so a request
// learns in O(1) whether anything is due, and settling k due transitions out of n pending costs O(k log n) array writes,
// each logged as the one index it changed (issue #20). The heap is the stored list itself, so a rolled-back transaction,
// an export or a restart keeps it exact with no index beside it to go stale. Lists known to be in heap order (the live
// arrays, never drafts): a list that entered from outside (state import, seed, a file written before heap order) is
// checked once and, if needed, sorted once through the draft, so the reordering is logged like any other change.
const heaps = new WeakSet<PendingTransition[]>()

function isHeap(list: PendingTransition[]): boolean {
  for (let i = 1; i < list.length; i++) if (before(list[i], list[(i - 1) >> 1])) return false
  return true
}

/**
 * The slice's pending list (a draft when the slice is one), in heap order. Reads go to `live` (no proxy per entry);
 * writes go through `list`, so the transaction records and can undo them.
 */
function heapOf(slice: LifecycleSlice): { list: PendingTransition[]; live: PendingTransition[] } {
  const list = slice.lifecycle.pending
  const live = liveObject(list)
  if (heaps.has(live)) return { list, live }
  if (isHeap(live)) {
    heaps.add(live)
    return { list, live }
  }
  const sorted = [...live].sort(compare)
  heaps.add(sorted)
  slice.lifecycle.pending = sorted
  return { list: slice.lifecycle.pending, live: sorted }
}

/** Puts `item` into the hole at `i`, moving it up or down until the heap holds again; writes only what moves. */
function place(list: PendingTransition[], live: PendingTransition[], i: number, item: PendingTransition): void {
  const start = i
  while (i > 0) {
    const parent = (i - 1) >> 1
    if (!before(item, live[parent])) break
    list[i] = live[parent]
    i = parent
  }
  if (i === start) {
    for (;;) {
      let child = 2 * i + 1
      if (child >= live.length) break
      if (child + 1 < live.length && before(live[child + 1], live[child])) child++
      if (!before(live[child], item)) break
      list[i] = live[child]
      i = child
    }
  }
  if (live[i] !== item) list[i] = item
}

function removeAt(list: PendingTransition[], live: PendingTransition[], i: number): PendingTransition {
  const removed = live[i]
  const last = live[live.length - 1]
  // pop() through the draft rather than `length = n - 1`: pop records the last item, so a rollback puts it back.
  list.pop()
  if (i < live.length) place(list, live, i, last)
  return removed
}

export function scheduleTransition(
  slice: LifecycleSlice,
  kind: string,
  at: number,
  target: PendingTransition['target'],
): PendingTransition {
  const transition = { id: slice.lifecycle.nextId++, kind, at, target }
  const { list, live } = heapOf(slice)
  list.push(transition)
  place(list, live, live.length - 1, transition)
  return transition
}

/** Drops the pending transitions that match, e.g. when a resource is deleted mid-change. */
export function cancelTransitions(slice: LifecycleSlice, matches: (t: PendingTransition) => boolean): number {
  const { list, live } = heapOf(slice)
  // The predicate sees the live entries: a scan through the draft would cost a proxy per pending transition.
  const doomed = live.filter((t) => matches(t))
  for (const t of doomed) removeAt(list, live, live.indexOf(t))
  return doomed.length
}

/**
 * Whether a transition is due at `now`: O(1) on a list in heap order. A list that entered out of order (an import or a
 * file written before heap order) is scanned until the first settle, schedule or cancel orders it.
 */
export function hasDueTransitions(slice: LifecycleSlice, now: number): boolean {
  const live = liveObject(slice.lifecycle.pending)
  if (!heaps.has(live)) {
    if (!isHeap(live)) return live.some((t) => t.at <= now)
    heaps.add(live)
  }
  return live.length > 0 && live[0].at <= now
}

const MAX_TRANSITIONS_PER_SETTLE = 100_000

export class UnknownTransitionError extends Error {}

/**
 * Applies every transition due at `now`, earliest first; transitions scheduled by a handler
 * that are themselves due are applied in the same pass (chaining).
 */
export function settle<S extends LifecycleSlice>(
  slice: S,
  table: LifecycleTable<S>,
  now: number,
  delay: (name: string) => number = () => 0,
  realRedis?: RealRedisView,
): number {
  let applied = 0
  const waiting: PendingTransition[] = []
  const batch = takeManyDue(slice, now)
  let next = 0
  for (;;) {
    // Looked up each step: a handler's schedule() may have reordered the list.
    const { list, live } = heapOf(slice)
    const fromHeap = live.length > 0 && live[0].at <= now
    const fromBatch = next < batch.length
    if (!fromHeap && !fromBatch) break
    if (++applied > MAX_TRANSITIONS_PER_SETTLE) throw new Error('lifecycle: too many chained transitions (a zero-delay loop?)')
    // The earliest of the two: the batch taken out at the start, and what handlers scheduled since (chaining).
    // The handler reads the live entry (it is out of the list from here on); it must not change it.
    const current = fromBatch && (!fromHeap || before(batch[next], live[0])) ? batch[next++] : removeAt(list, live, 0)
    const handler = table[current.kind]
    if (!handler) throw new UnknownTransitionError(`lifecycle: no handler for transition "${current.kind}"`)
    const outcome = handler(slice, current, {
      at: current.at,
      slice,
      delay,
      realRedis,
      schedule: (kind, delayMs, target) => scheduleTransition(slice, kind, current.at + delayMs, target),
    })
    if (outcome === WAIT) {
      waiting.push(current)
      applied--
    }
  }
  // Back in the list only now, so this pass does not pick them again; same id and deadline.
  for (const t of waiting) {
    const { list, live } = heapOf(slice)
    list.push(t)
    place(list, live, live.length - 1, t)
  }
  return applied
}

/**
 * When many transitions are due at once (a clock moved past thousands of deadlines), taking them out one by one costs
 * about log2(n) logged writes each; past the point where that outweighs rewriting the list, they are taken out together:
 * the rest of the list is written back once, sorted (a sorted list is a heap), and the due ones come back in order.
 */
function takeManyDue(slice: LifecycleSlice, now: number): PendingTransition[] {
  const { live } = heapOf(slice)
  const threshold = Math.max(16, live.length / (2 * Math.log2(live.length + 1)))
  if (countDue(live, now, threshold) < threshold) return []
  const due: PendingTransition[] = []
  const rest: PendingTransition[] = []
  for (const t of live) (t.at <= now ? due : rest).push(t)
  rest.sort(compare)
  heaps.add(rest)
  slice.lifecycle.pending = rest
  return due.sort(compare)
}

/** How many entries are due, counting no further than `limit`: a heap's due entries form a subtree at the root. */
function countDue(live: PendingTransition[], now: number, limit: number): number {
  let count = 0
  const stack = live.length > 0 ? [0] : []
  while (stack.length > 0 && count < limit) {
    const i = stack.pop()!
    if (i >= live.length || live[i].at > now) continue
    count++
    stack.push(2 * i + 1, 2 * i + 2)
  }
  return count
}
