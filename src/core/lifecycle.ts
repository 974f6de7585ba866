// Lazy state machines: transitions are stored as absolute deadlines in a slice and applied, in order, when a request arrives.

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

export function scheduleTransition(
  slice: LifecycleSlice,
  kind: string,
  at: number,
  target: PendingTransition['target'],
): PendingTransition {
  const transition = { id: slice.lifecycle.nextId++, kind, at, target }
  slice.lifecycle.pending.push(transition)
  return transition
}

/** Drops the pending transitions that match, e.g. when a resource is deleted mid-change. */
export function cancelTransitions(slice: LifecycleSlice, matches: (t: PendingTransition) => boolean): number {
  const before = slice.lifecycle.pending.length
  slice.lifecycle.pending = slice.lifecycle.pending.filter((t) => !matches(t))
  return before - slice.lifecycle.pending.length
}

export function hasDueTransitions(slice: LifecycleSlice, now: number): boolean {
  return slice.lifecycle.pending.some((t) => t.at <= now)
}

export function nextDue(slice: LifecycleSlice, now: number): PendingTransition | undefined {
  let best: PendingTransition | undefined
  for (const t of slice.lifecycle.pending) {
    if (t.at > now) continue
    if (!best || t.at < best.at || (t.at === best.at && t.id < best.id)) best = t
  }
  return best
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
  for (let t = nextDue(slice, now); t; t = nextDue(slice, now)) {
    if (++applied > MAX_TRANSITIONS_PER_SETTLE) throw new Error('lifecycle: too many chained transitions (a zero-delay loop?)')
    const current = t
    slice.lifecycle.pending = slice.lifecycle.pending.filter((p) => p.id !== current.id)
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
  // Back in the list only now, so this pass does not pick them again.
  if (waiting.length > 0) slice.lifecycle.pending.push(...waiting)
  return applied
}
