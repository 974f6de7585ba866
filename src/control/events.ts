// The emulator's event stream: resources created, changed and deleted (by a request or by a state-machine transition),
// slices reset, requests answered, faults fired and clock moves. Kept in a bounded ring (the dashboard's timeline)
// and sent live as server-sent events on GET /_emulator/events.
import type { Request, Response, Router } from 'express'
import type { Clock } from '../core/clock.js'
import type { AnyProvider, ResourceCollection } from '../core/provider.js'
import type { CommitInfo, Store } from '../core/store.js'
import type { Journal } from './journal.js'
import { type IndexedCollection, recordsOf, ResourceIndex } from './resource-index.js'
import { ControlError, type ControlPlane } from './routes.js'

export const EVENT_TYPES = ['resource', 'transition', 'reset', 'request', 'fault', 'clock'] as const
export type EventType = (typeof EVENT_TYPES)[number]

export interface EmulatorEvent {
  id: number
  type: EventType
  /** Emulator-clock time of the event, epoch ms and ISO. */
  at: number
  time: string
  provider?: string
  [field: string]: unknown
}

/** What one follower of the stream wants: some types (all when undefined), one provider's events (all when undefined). */
export interface EventFilter {
  types?: ReadonlySet<EventType>
  provider?: string
}

/** Called with the event's server-sent-event frame, built once per event whoever follows it. */
type FrameListener = (frame: string, event: EmulatorEvent) => void

interface Subscription extends EventFilter {
  listener: FrameListener
}

const DEFAULT_CAPACITY = 5000

export const wants = (filter: EventFilter, event: EmulatorEvent): boolean =>
  (!filter.types || filter.types.has(event.type)) && (!filter.provider || event.provider === filter.provider)

/**
 * A ring of the newest events plus the followers that get them live. An event is serialized only when a follower
 * wants it, and then once (its frame is kept with it), however many follow: a busy emulator pays for its request
 * events in the ring, not in JSON nobody reads.
 */
export class EventHub {
  private ring: EmulatorEvent[] = []
  private next = 0
  private nextId = 1
  private readonly subscriptions = new Set<Subscription>()
  private readonly frames = new WeakMap<EmulatorEvent, string>()
  private closed = false
  /** The ISO form of the last event's time: a settle publishes thousands of events at one moment. */
  private lastTime = { at: Number.NaN, iso: '' }

  constructor(
    private readonly clock: Clock,
    readonly capacity = DEFAULT_CAPACITY,
  ) {}

  publish(type: EventType, fields: Omit<EmulatorEvent, 'id' | 'type' | 'at' | 'time'>): void {
    const at = this.clock.now()
    if (this.lastTime.at !== at) this.lastTime = { at, iso: new Date(at).toISOString() }
    const event: EmulatorEvent = { id: this.nextId++, type, at, time: this.lastTime.iso, ...fields }
    if (this.ring.length < this.capacity) this.ring.push(event)
    else this.ring[this.next] = event
    this.next = (this.next + 1) % this.capacity
    for (const subscription of this.subscriptions) {
      if (wants(subscription, event)) subscription.listener(this.frame(event), event)
    }
  }

  /** The event as a server-sent event (`id`, `event` and `data` lines), serialized on first use. */
  frame(event: EmulatorEvent): string {
    let frame = this.frames.get(event)
    if (frame === undefined) {
      frame = `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`
      this.frames.set(event, frame)
    }
    return frame
  }

  /** Oldest first; only those with an id above `afterId`. */
  events(afterId = 0): EmulatorEvent[] {
    const count = this.ring.length
    const start = count < this.capacity ? 0 : this.next
    const out: EmulatorEvent[] = []
    for (let i = 0; i < count; i++) {
      const event = this.ring[(start + i) % count]
      if (event.id > afterId) out.push(event)
    }
    return out
  }

  subscribe(filter: EventFilter, listener: FrameListener): () => void {
    const subscription: Subscription = { ...filter, listener }
    this.subscriptions.add(subscription)
    return () => this.subscriptions.delete(subscription)
  }

  get subscribers(): number {
    return this.closed ? 0 : this.subscriptions.size
  }

  /** The emulator is stopping: nobody is followed any more, so nothing is settled on their behalf. */
  close(): void {
    this.closed = true
    this.subscriptions.clear()
  }
}

/**
 * Turns the store's commits into resource events, and keeps the dashboard's resource index (ids and scopes) with
 * them. A changed path `[collection, id, ...]` of a collection the provider's dashboard declares names one resource:
 * gone now = deleted, not indexed before = created, else changed. A commit made by settle is a transition. A commit
 * that replaced a whole slice or collection (a reset, seed or import) reloads the provider's index.
 */
export function watchStore(hub: EventHub, store: Store, providers: AnyProvider[]): ResourceIndex {
  const index = new ResourceIndex()
  for (const provider of providers) index.load(provider, store.read(provider.id))
  const byId = new Map(providers.map((p) => [p.id, p]))

  store.onCommit((providerId: string, changed: (string | number)[][], info: CommitInfo) => {
    const provider = byId.get(providerId)
    const collections = index.collections(providerId)
    if (!provider || !collections) return
    if (changed.some((path) => path.length < 2 && (path.length === 0 || collections.has(String(path[0]))))) {
      index.load(provider, store.read(providerId))
      hub.publish('reset', { provider: providerId })
      return
    }
    const slice = store.read(providerId)
    // A settle changes thousands of resources at once (issue #20): the ids seen are kept per collection (the path's own
    // strings, nothing built per path), and a resource's next path usually follows its first.
    const seen = new Map<IndexedCollection, Set<string>>()
    let last: (string | number)[] | undefined
    for (let i = 0; i < changed.length; i++) {
      const path = changed[i]
      if (last !== undefined && path[0] === last[0] && path[1] === last[1]) continue
      last = path
      const indexed = collections.get(String(path[0]))
      if (!indexed) continue
      const id = String(path[1])
      let ids = seen.get(indexed)
      if (!ids) seen.set(indexed, (ids = new Set()))
      if (ids.has(id)) continue
      ids.add(id)
      const record = recordsOf(slice, indexed.spec.collection)[id]
      const op = record === undefined ? 'deleted' : indexed.has(id) ? 'changed' : 'created'
      const scope = indexed.update(id, record, slice)
      const fields: Omit<EmulatorEvent, 'id' | 'type' | 'at' | 'time'> = { provider: providerId, op, collection: indexed.spec.collection, kind: indexed.spec.kind, resourceId: id }
      if (record !== undefined) describe(fields, indexed.spec, record, scope)
      hub.publish(info.cause === 'transition' ? 'transition' : 'resource', fields)
    }
  })
  return index
}

/** Adds what the dashboard shows of a resource that exists: its name, and its status and scope when it has them. */
function describe(fields: Record<string, unknown>, spec: ResourceCollection<unknown>, record: unknown, scope: string | undefined): void {
  fields.name = spec.name(record)
  const status = spec.status?.(record)
  if (status !== undefined) fields.status = status
  if (scope !== undefined) fields.scope = scope
}

/** Every journal entry is a request event; one a fault rule answered is a fault event too. */
export function watchJournal(hub: EventHub, journal: Journal): void {
  journal.onRecord((entry) => {
    const { id: requestId, provider, method, path, status, durationMs, injectedFault } = entry
    hub.publish('request', { provider, requestId, method, path, status, durationMs: Math.round(durationMs * 10) / 10, ...(injectedFault !== undefined ? { injectedFault } : {}) })
    if (injectedFault !== undefined) hub.publish('fault', { provider, requestId, rule: injectedFault, method, path, status })
  })
}

// A subscriber that stops reading is dropped once this much waits for it; it reconnects with Last-Event-ID.
const MAX_PENDING_BYTES = 1024 * 1024
const HEARTBEAT_MS = 15_000

function parseTypes(value: unknown): Set<EventType> | undefined {
  if (value === undefined) return undefined
  const names = String(value).split(',').filter(Boolean)
  const unknown = names.find((n) => !(EVENT_TYPES as readonly string[]).includes(n))
  if (unknown !== undefined) throw new ControlError(400, `unknown event type "${unknown}"; known: ${EVENT_TYPES.join(', ')}`)
  return new Set(names as EventType[])
}

function lastEventId(req: Request): number {
  const raw = req.get('last-event-id') ?? (typeof req.query.after === 'string' ? req.query.after : undefined)
  if (raw === undefined) return Number.POSITIVE_INFINITY
  if (!/^\d{1,15}$/.test(raw)) throw new ControlError(400, 'Last-Event-ID (or after) is an event id')
  return Number(raw)
}

// While someone follows the stream, due transitions are applied this often, as a request would apply them: with a
// running clock a watcher sees "creating" turn "running" without having to send a provider request.
const WATCHED_SETTLE_MS = 500

/** Settles every provider on a timer for as long as the hub has subscribers. */
function settleWhileWatched(hub: EventHub, plane: ControlPlane): () => void {
  let timer: NodeJS.Timeout | undefined
  return () => {
    if (timer) return
    timer = setInterval(() => {
      if (hub.subscribers === 0) {
        clearInterval(timer)
        timer = undefined
        return
      }
      for (const provider of plane.providers) {
        plane.settle?.(provider.id).catch((err: unknown) => console.error(`[events] settling ${provider.id}:`, err))
      }
    }, WATCHED_SETTLE_MS)
    timer.unref()
  }
}

/** What a follower's response must offer: a socket write and what still waits to be sent. */
export interface FrameSink {
  write(chunk: string): unknown
  readonly writableLength: number
}

/**
 * Frames for one follower, sent together once per turn of the event loop: under load a turn answers many requests,
 * and one write (one system call) for all their events costs the emulator far less than one per event. Past
 * MAX_PENDING_BYTES waiting (a follower that stopped reading), `overflow` is called and nothing more is written.
 */
export function batchedFrames(sink: FrameSink, overflow: () => void): { push(frame: string): void; close(): void } {
  let pending: string[] = []
  let scheduled: NodeJS.Immediate | undefined
  let stopped = false
  const flush = () => {
    scheduled = undefined
    if (stopped || pending.length === 0) return
    const chunk = pending.length === 1 ? pending[0] : pending.join('')
    pending = []
    if (sink.writableLength > MAX_PENDING_BYTES) {
      stopped = true
      return overflow()
    }
    sink.write(chunk)
  }
  return {
    push(frame) {
      if (stopped) return
      pending.push(frame)
      scheduled ??= setImmediate(flush)
    },
    /** The follower is gone: what waits is dropped. */
    close() {
      stopped = true
      pending = []
      if (scheduled) clearImmediate(scheduled)
      scheduled = undefined
    },
  }
}

/** GET /events: server-sent events, replaying what the ring still holds after Last-Event-ID (or ?after=). */
function streamEvents(hub: EventHub, req: Request, res: Response): void {
  const filter: EventFilter = { types: parseTypes(req.query.types), provider: typeof req.query.provider === 'string' ? req.query.provider : undefined }
  const after = lastEventId(req)
  res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' })
  res.flushHeaders()
  res.write('retry: 1000\n\n')
  const frames = batchedFrames(res, () => stop())
  if (Number.isFinite(after)) {
    for (const event of hub.events(after)) if (wants(filter, event)) frames.push(hub.frame(event))
  }
  const unsubscribe = hub.subscribe(filter, (frame) => frames.push(frame))
  const heartbeat = setInterval(() => frames.push(': keep-alive\n\n'), HEARTBEAT_MS)
  heartbeat.unref()
  let stopped = false
  function stop() {
    if (stopped) return
    stopped = true
    clearInterval(heartbeat)
    unsubscribe()
    frames.close()
    res.end()
  }
  res.on('close', stop)
}

export function eventRoutes(hub: EventHub) {
  // one timer for the emulator, whichever port the watchers came through
  let watch: (() => void) | undefined
  return (router: Router, plane: ControlPlane): void => {
    watch ??= settleWhileWatched(hub, plane)
    router.get('/events', (req, res) => {
      streamEvents(hub, req, res)
      watch!()
    })
    // The timeline of one resource (or of everything a provider holds): the ring's resource and transition events.
    router.get('/timeline', (req, res) => {
      const { provider, collection, id } = req.query
      const events = hub
        .events()
        .filter(
          (e) =>
            (e.type === 'resource' || e.type === 'transition' || e.type === 'reset') &&
            (provider === undefined || e.provider === provider) &&
            (collection === undefined || e.type === 'reset' || e.collection === collection) &&
            (id === undefined || e.type === 'reset' || e.resourceId === id),
        )
        .reverse()
      res.json({ events, capacity: hub.capacity })
    })
  }
}
