// The event stream (issue 18 item 7): resource, transition, reset, request, fault and clock events, the timeline,
// and GET /_emulator/events as server-sent events.
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../src/emulator.js'
import { createHarness, HARNESS_EPOCH, type Harness } from '../helpers/harness.js'
import { createInstance, OTHER, rtg } from '../helpers/redistogo.js'

const RTG_CREATE_DELAY = 1000 // src/providers/redistogo/lifecycle.ts default

describe('events from the store, the journal and the clock', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })
  const resourceEvents = () => h.emulator.events.events().filter((e) => e.type !== 'request')
  const withoutIds = <T extends { id: number }>(events: T[]) => events.map(({ id: _id, ...rest }) => rest)

  it('a create, its transition and a delete are a created resource, a transition and a deleted resource, on the emulator clock', async () => {
    const { label } = await createInstance(h, 'nano')
    h.clock.advance(RTG_CREATE_DELAY)
    await rtg(h, 'get', '/instances/1.json').expect(200)
    await rtg(h, 'delete', '/instances/1.json').expect(200)
    expect(withoutIds(resourceEvents())).toEqual([
      {
        type: 'resource',
        op: 'created',
        at: HARNESS_EPOCH,
        time: '2026-01-15T10:00:00.000Z',
        provider: 'redistogo',
        collection: 'instances',
        kind: 'instance',
        resourceId: '1',
        name: label,
        status: 'new',
        scope: 'redistogo',
      },
      {
        type: 'transition',
        op: 'changed',
        at: HARNESS_EPOCH + RTG_CREATE_DELAY,
        time: '2026-01-15T10:00:01.000Z',
        provider: 'redistogo',
        collection: 'instances',
        kind: 'instance',
        resourceId: '1',
        name: label,
        status: 'running',
        scope: 'redistogo',
      },
      {
        type: 'resource',
        op: 'deleted',
        at: HARNESS_EPOCH + RTG_CREATE_DELAY,
        time: '2026-01-15T10:00:01.000Z',
        provider: 'redistogo',
        collection: 'instances',
        kind: 'instance',
        resourceId: '1',
      },
    ])
  })

  it('every request is a request event; one a fault rule answered is a fault event too', async () => {
    await h.request('redistogo').post('/_emulator/faults').send({ path: '/instances.json', status: 422, code: 'unprocessable_entity', times: 1 }).expect(201)
    await rtg(h, 'get', '/instances.json').expect(422)
    await rtg(h, 'get', '/instances.json', OTHER).expect(200)
    const events = h.emulator.events.events().map(({ id: _id, at: _at, time: _time, durationMs, ...rest }) => {
      expect(typeof durationMs).toBe(rest.type === 'request' ? 'number' : 'undefined')
      return rest
    })
    expect(events).toEqual([
      { type: 'request', provider: 'redistogo', requestId: 1, method: 'GET', path: '/instances.json', status: 422, injectedFault: 1 },
      { type: 'fault', provider: 'redistogo', requestId: 1, rule: 1, method: 'GET', path: '/instances.json', status: 422 },
      { type: 'request', provider: 'redistogo', requestId: 2, method: 'GET', path: '/instances.json', status: 200 },
    ])
  })

  it('a reset, a seed or a state import is a reset event; a clock move is a clock event', async () => {
    await createInstance(h, 'nano')
    await h.request('redistogo').post('/_emulator/reset?provider=redistogo').expect(200)
    await h.request('redistogo').post('/_emulator/clock').send({ advanceMs: 5000 }).expect(200)
    const [reset, clock] = resourceEvents().slice(1)
    expect(reset).toMatchObject({ type: 'reset', provider: 'redistogo', at: HARNESS_EPOCH })
    expect(clock).toEqual({ id: clock.id, type: 'clock', at: HARNESS_EPOCH + 5000, time: '2026-01-15T10:00:05.000Z', now: '2026-01-15T10:00:05.000Z', nowMs: HARNESS_EPOCH + 5000, frozen: true })
    // after the reset, the same id is created again, not changed
    await createInstance(h, 'nano')
    expect(resourceEvents().at(-1)).toMatchObject({ type: 'resource', op: 'created', resourceId: '1' })
  })

  it('GET /timeline answers one resource`s history newest first, in the control envelope for bad input', async () => {
    await createInstance(h, 'nano')
    await createInstance(h, 'nano')
    h.clock.advance(RTG_CREATE_DELAY)
    await rtg(h, 'get', '/instances.json').expect(200)
    const res = await h.request('redistogo').get('/_emulator/timeline?provider=redistogo&collection=instances&id=2').expect(200)
    expect(res.body.capacity).toBe(5000)
    expect(res.body.events.map((e: { type: string; status: string; resourceId: string }) => [e.type, e.resourceId, e.status])).toEqual([
      ['transition', '2', 'running'],
      ['resource', '2', 'new'],
    ])
  })

  it('the ring keeps the newest events only', async () => {
    const hub = h.emulator.events
    for (let i = 0; i < hub.capacity + 10; i++) hub.publish('clock', { n: i })
    const kept = hub.events()
    expect(kept).toHaveLength(hub.capacity)
    expect(kept[0].n).toBe(10)
    expect(kept.at(-1)!.n).toBe(hub.capacity + 9)
    expect(hub.events(kept.at(-2)!.id).map((e) => e.n)).toEqual([hub.capacity + 9])
  })
})

/** Reads server-sent events from a live response until `until` holds or the time runs out. */
function readEvents(res: IncomingMessage, until: (events: { id: string; event: string; data: any }[]) => boolean, ms = 5000) {
  return new Promise<{ raw: string; events: { id: string; event: string; data: any }[] }>((resolve, reject) => {
    let raw = ''
    const events: { id: string; event: string; data: any }[] = []
    const timer = setTimeout(() => reject(new Error(`no matching events in ${ms} ms: ${raw}`)), ms)
    res.setEncoding('utf-8')
    res.on('data', (chunk: string) => {
      raw += chunk
      events.length = 0
      for (const block of raw.split('\n\n')) {
        const fields = Object.fromEntries(block.split('\n').filter((l) => /^(id|event|data): /.test(l)).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]))
        if (fields.data) events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) })
      }
      if (until(events)) {
        clearTimeout(timer)
        resolve({ raw, events })
      }
    })
  })
}

function openStream(url: string, headers: Record<string, string> = {}): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => httpRequest(url, { headers, agent: false }, resolve).on('error', reject).end())
}

describe('GET /_emulator/events (server-sent events)', () => {
  let emulator: RunningEmulator
  const open: IncomingMessage[] = []
  afterEach(async () => {
    for (const res of open.splice(0)) res.destroy()
    await emulator?.close()
  })
  const start = async (options = {}) => {
    emulator = await startEmulator({ inMemory: true, port: 0, fast: true, providers: { 'redis-enterprise': { enabled: false } }, ...options })
    return emulator.urls.redistogo
  }
  const stream = async (url: string, headers?: Record<string, string>) => {
    const res = await openStream(url, headers)
    open.push(res)
    return res
  }
  const create = (base: string) =>
    fetch(`${base}/instances.json`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('redistogo:redistogo').toString('base64')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ instance: { plan: 'nano' } }),
    })

  it('streams events as they happen, each with id, event and data lines', async () => {
    const base = await start()
    const res = await stream(`${base}/_emulator/events`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8')
    expect(res.headers['cache-control']).toBe('no-cache')
    const reading = readEvents(res, (events) => events.some((e) => e.event === 'request'))
    expect((await create(base)).status).toBe(201)
    const { raw, events } = await reading
    expect(raw.startsWith('retry: 1000\n\n')).toBe(true)
    const created = events.find((e) => e.event === 'resource')!
    expect(created.data).toMatchObject({ type: 'resource', op: 'created', provider: 'redistogo', resourceId: '1' })
    expect(created.id).toBe(String(created.data.id))
    expect(raw).toContain(`id: ${created.id}\nevent: resource\ndata: ${JSON.stringify(created.data)}\n\n`)
  })

  it('filters by type and provider, and replays what followed Last-Event-ID', async () => {
    const base = await start()
    await create(base)
    await create(base)
    const all = emulator.events.events()
    const firstCreate = all.find((e) => e.type === 'resource')!
    const res = await stream(`${base}/_emulator/events?types=resource,transition&provider=redistogo`, { 'Last-Event-ID': String(firstCreate.id) })
    const { events } = await readEvents(res, (events) => events.length >= 2, 3000)
    // with --fast the first instance turned running when the second create settled it; no request event
    expect(events.map((e) => [e.event, e.data.op, e.data.resourceId])).toEqual([
      ['transition', 'changed', '1'],
      ['resource', 'created', '2'],
    ])
  })

  it('answers unknown types and a malformed Last-Event-ID with a 400, and needs the control token when one is set', async () => {
    const base = await start({ controlToken: 's3cret' })
    const auth = { 'X-Emulator-Token': 's3cret' }
    const unknown = await fetch(`${base}/_emulator/events?types=resource,bogus`, { headers: auth })
    expect(unknown.status).toBe(400)
    expect(await unknown.json()).toEqual({ error: { message: 'unknown event type "bogus"; known: resource, transition, reset, request, fault, clock' } })
    const badId = await fetch(`${base}/_emulator/events`, { headers: { ...auth, 'Last-Event-ID': 'x' } })
    expect(badId.status).toBe(400)
    expect(await badId.json()).toEqual({ error: { message: 'Last-Event-ID (or after) is an event id' } })
    const refused = await fetch(`${base}/_emulator/events`)
    expect(refused.status).toBe(401)
    const res = await stream(`${base}/_emulator/events`, auth)
    expect(res.statusCode).toBe(200)
  })

  it('closing the emulator ends its watchers: no settling is attempted on a closed store', async () => {
    const base = await start({ fast: false, delays: { 'redistogo.instance.create': 200 } })
    await stream(`${base}/_emulator/events`)
    await create(base)
    const errors: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => void errors.push(args)
    try {
      await emulator.close()
      expect(emulator.events.subscribers).toBe(0)
      await new Promise((resolve) => setTimeout(resolve, 800))
      expect(errors).toEqual([])
    } finally {
      console.error = original
    }
  })

  it('while someone watches, due transitions are applied without a provider request', async () => {
    const base = await start({ fast: false, delays: { 'redistogo.instance.create': 200 } })
    const res = await stream(`${base}/_emulator/events?types=transition`)
    const reading = readEvents(res, (events) => events.length > 0, 5000)
    await create(base)
    const { events } = await reading
    expect(events[0].data).toMatchObject({ type: 'transition', op: 'changed', resourceId: '1', status: 'running' })
  })
})
