// The emulator's event stream: resources created, changed and deleted (by a request or by a state-machine transition),
// slices reset, requests answered, faults fired and clock moves. Kept in a bounded ring (the dashboard's timeline)
// and sent live as server-sent events on GET /_emulator/events.
import type { Request, Response, Router } from 'express'
import type { Clock } from '../core/clock.js'
import type { AnyProvider, ResourceCollection } from '../core/provider.js'
import type { CommitInfo, Store } from '../core/store.js'
import type { Journal } from './journal.js'
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

type Listener = (event: EmulatorEvent) => void

const DEFAULT_CAPACITY = 5000

/** A ring of the newest events plus the listeners that follow them live. */
export class EventHub {
  private ring: EmulatorEvent[] = []
  private next = 0
  private nextId = 1
  private readonly listeners = new Set<Listener>()
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
    for (const listener of this.listeners) listener(event)
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

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  get subscribers(): number {
    return this.closed ? 0 : this.listeners.size
  }

  /** The emulator is stopping: nobody is followed any more, so nothing is settled on their behalf. */
  close(): void {
    this.closed = true
    this.listeners.clear()
  }
}

interface WatchedCollection {
  spec: ResourceCollection<unknown>
  /** Ids present before the commit being reported: what tells "created" from "changed". */
  known: Set<string>
}

function recordsOf(slice: unknown, collection: string): Record<string, unknown> {
  const records = (slice as Record<string, unknown>)[collection]
  return typeof records === 'object' && records !== null ? (records as Record<string, unknown>) : {}
}

/**
 * Turns the store's commits into resource events. A changed path `[collection, id, ...]` of a collection the provider's
 * dashboard declares names one resource: gone now = deleted, not known before = created, else changed. A commit made
 * by settle is a transition. The known ids are read once per slice (at start, and after a reset, seed or import).
 */
export function watchStore(hub: EventHub, store: Store, providers: AnyProvider[]): void {
  const watched = new Map<string, Map<string, WatchedCollection>>()
  const load = (provider: AnyProvider) => {
    const slice = store.read(provider.id)
    const collections = new Map<string, WatchedCollection>()
    for (const spec of provider.dashboard?.collections ?? []) {
      collections.set(spec.collection, { spec: spec as ResourceCollection<unknown>, known: new Set(Object.keys(recordsOf(slice, spec.collection))) })
    }
    watched.set(provider.id, collections)
  }
  for (const provider of providers) load(provider)
  const byId = new Map(providers.map((p) => [p.id, p]))

  store.onCommit((providerId: string, changed: (string | number)[][], info: CommitInfo) => {
    const provider = byId.get(providerId)
    const collections = watched.get(providerId)
    if (!provider || !collections) return
    if (changed.some((path) => path.length < 2 && (path.length === 0 || collections.has(String(path[0]))))) {
      load(provider)
      hub.publish('reset', { provider: providerId })
      return
    }
    const slice = store.read(providerId)
    const seen = new Set<string>()
    for (const path of changed) {
      const watch = collections.get(String(path[0]))
      if (!watch) continue
      const id = String(path[1])
      const key = `${watch.spec.collection}/${id}`
      if (seen.has(key)) continue
      seen.add(key)
      const record = recordsOf(slice, watch.spec.collection)[id]
      const op = record === undefined ? 'deleted' : watch.known.has(id) ? 'changed' : 'created'
      if (record === undefined) watch.known.delete(id)
      else watch.known.add(id)
      hub.publish(info.cause === 'transition' ? 'transition' : 'resource', {
        provider: providerId,
        op,
        collection: watch.spec.collection,
        kind: watch.spec.kind,
        resourceId: id,
        ...(record === undefined ? {} : describe(watch.spec, record, slice)),
      })
    }
  })
}

function describe(spec: ResourceCollection<unknown>, record: unknown, slice: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { name: spec.name(record) }
  const status = spec.status?.(record)
  if (status !== undefined) out.status = status
  const scope = spec.scope?.(record, slice)
  if (scope !== undefined) out.scope = scope
  return out
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

/** GET /events: server-sent events, replaying what the ring still holds after Last-Event-ID (or ?after=). */
function streamEvents(hub: EventHub, req: Request, res: Response): void {
  const types = parseTypes(req.query.types)
  const provider = typeof req.query.provider === 'string' ? req.query.provider : undefined
  const after = lastEventId(req)
  const wanted = (e: EmulatorEvent) => (!types || types.has(e.type)) && (!provider || e.provider === provider)
  res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' })
  res.flushHeaders()
  res.write('retry: 1000\n\n')
  const send = (event: EmulatorEvent) => {
    if (!wanted(event)) return
    if (res.writableLength > MAX_PENDING_BYTES) return stop()
    res.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`)
  }
  if (Number.isFinite(after)) for (const event of hub.events(after)) send(event)
  const unsubscribe = hub.subscribe(send)
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS)
  heartbeat.unref()
  function stop() {
    clearInterval(heartbeat)
    unsubscribe()
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
