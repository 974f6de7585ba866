// What an open dashboard costs the emulator (issue 18: throughput with the dashboard open >= 0.9x of it without),
// checked by counting work rather than timing it: an event is serialized only for a follower that wants it, and once
// however many follow; a follower's frames of one event-loop turn go out in one write; a page of the resource table
// reads the page's records, not the store.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Clock } from '../../src/core/clock.js'
import { batchedFrames, EventHub, type EmulatorEvent } from '../../src/control/events.js'
import { redistogoDashboard } from '../../src/providers/redistogo/dashboard.js'
import { createHarness, HARNESS_EPOCH, type Harness } from '../helpers/harness.js'
import { createInstance, OTHER, rtg } from '../helpers/redistogo.js'

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

/** JSON.stringify calls whose value is an event of this hub (the frames' data lines). */
function serializations() {
  const spy = vi.spyOn(JSON, 'stringify')
  const of = (event: EmulatorEvent | undefined) => spy.mock.calls.filter(([value]) => value === event).length
  return { spy, of }
}

describe('the event hub serializes only what is followed, once', () => {
  let hub: EventHub
  beforeEach(() => {
    const clock = new Clock()
    clock.freeze(HARNESS_EPOCH)
    hub = new EventHub(clock)
  })
  afterEach(() => vi.restoreAllMocks())

  it('an event of a type no follower wants is kept in the ring but never serialized', () => {
    const frames: string[] = []
    hub.subscribe({ types: new Set(['resource', 'transition']) }, (frame) => frames.push(frame))
    hub.subscribe({ provider: 'jdcloud' }, (frame) => frames.push(frame))
    const { of } = serializations()
    hub.publish('request', { provider: 'redistogo', requestId: 1, method: 'GET', path: '/instances.json', status: 200 })
    const request = hub.events().at(-1)
    expect(request?.type).toBe('request')
    expect(of(request)).toBe(0)
    expect(frames).toEqual([])
    hub.publish('resource', { provider: 'redistogo', op: 'created', resourceId: '1' })
    const resource = hub.events().at(-1)
    expect(of(resource)).toBe(1)
    expect(frames).toEqual([`id: ${resource!.id}\nevent: resource\ndata: ${JSON.stringify(resource)}\n\n`])
  })

  it('with nobody following, nothing is serialized at all', () => {
    const { spy } = serializations()
    for (let i = 0; i < 100; i++) hub.publish('request', { provider: 'redistogo', requestId: i })
    expect(spy).not.toHaveBeenCalled()
    expect(hub.events()).toHaveLength(100)
  })

  it('one serialization per event whatever the number of followers, replays included', () => {
    const received: string[][] = [[], [], [], []]
    for (const list of received) hub.subscribe({}, (frame) => list.push(frame))
    const { of } = serializations()
    hub.publish('transition', { provider: 'kakaocloud', op: 'changed', resourceId: 'c-1', status: 'Available' })
    const event = hub.events().at(-1)!
    // a fifth follower reconnecting with Last-Event-ID gets the same frame again
    const replayed = hub.events(event.id - 1).map((e) => hub.frame(e))
    expect(of(event)).toBe(1)
    for (const list of received) expect(list).toEqual([replayed[0]])
  })
})

describe('a follower`s frames are written once per turn of the event loop', () => {
  it('frames pushed in one turn go out in one write, in order; later ones in the next', async () => {
    const writes: string[] = []
    const sink = { writableLength: 0, write: (chunk: string) => writes.push(chunk) }
    const overflow = vi.fn()
    const frames = batchedFrames(sink, overflow)
    frames.push('a\n\n')
    frames.push('b\n\n')
    frames.push('c\n\n')
    expect(writes).toEqual([])
    await nextTurn()
    expect(writes).toEqual(['a\n\nb\n\nc\n\n'])
    frames.push('d\n\n')
    await nextTurn()
    expect(writes).toEqual(['a\n\nb\n\nc\n\n', 'd\n\n'])
    expect(overflow).not.toHaveBeenCalled()
  })

  it('a follower that stopped reading (1 MiB waiting) is dropped without another write; a closed one gets nothing', async () => {
    const writes: string[] = []
    const sink = { writableLength: 1024 * 1024 + 1, write: (chunk: string) => writes.push(chunk) }
    const overflow = vi.fn()
    const frames = batchedFrames(sink, overflow)
    frames.push('a\n\n')
    await nextTurn()
    expect(overflow).toHaveBeenCalledTimes(1)
    frames.push('b\n\n')
    await nextTurn()
    expect(writes).toEqual([])
    expect(overflow).toHaveBeenCalledTimes(1)

    const open = { writableLength: 0, write: (chunk: string) => writes.push(chunk) }
    const closing = batchedFrames(open, overflow)
    closing.push('c\n\n')
    closing.close()
    await nextTurn()
    expect(writes).toEqual([])
  })
})

describe('a page of the resource table reads the page, not the store', () => {
  let h: Harness
  const spec = redistogoDashboard.collections[0]
  beforeEach(async () => {
    h = await createHarness()
  })
  afterEach(() => vi.restoreAllMocks())
  const control = (path: string) => h.request('redistogo').get(`/_emulator${path}`)

  /** Stores `count` instances (ids 1..count, every tenth owned by the other account) through the state import. */
  async function store(count: number) {
    const first = await createInstance(h, 'nano')
    const other = await createInstance(h, 'nano', OTHER)
    const document = (await control('/state?provider=redistogo').expect(200)).body
    const state = document.providers.redistogo
    for (let id = 1; id <= count; id++) state.instances[String(id)] = { ...(id % 10 === 0 ? other : first), id, label: `bulk-${id}` }
    state.lifecycle.pending = []
    await h.request('redistogo').put('/_emulator/state?provider=redistogo').send(document).expect(200)
  }

  it('a page of 10 out of 2,000 calls the collection`s name, status and scope for those 10 only, scope filter or not', async () => {
    await store(2000)
    const calls = { name: vi.spyOn(spec, 'name'), status: vi.spyOn(spec, 'status'), scope: vi.spyOn(spec, 'scope') }
    const page = await control('/resources?provider=redistogo&limit=10&offset=20').expect(200)
    expect(page.body).toMatchObject({ total: 2000, offset: 20, limit: 10, scopes: ['redistogo', 'waratuman'] })
    expect(page.body.items.map((i: { id: string }) => i.id)).toEqual(['21', '22', '23', '24', '25', '26', '27', '28', '29', '30'])
    for (const spy of Object.values(calls)) expect(spy).toHaveBeenCalledTimes(10)
    for (const spy of Object.values(calls)) spy.mockClear()
    const other = await control('/resources?provider=redistogo&scope=waratuman&limit=5').expect(200)
    expect(other.body).toMatchObject({ total: 200, scopes: ['redistogo', 'waratuman'] })
    expect(other.body.items.map((i: { id: string }) => i.id)).toEqual(['10', '20', '30', '40', '50'])
    for (const spy of Object.values(calls)) expect(spy).toHaveBeenCalledTimes(5)
    for (const spy of Object.values(calls)) spy.mockClear()
    const overview = await control('/overview').expect(200)
    expect(overview.body.providers.find((p: { id: string }) => p.id === 'redistogo').collections).toEqual([{ collection: 'instances', kind: 'instance', count: 2000, openapiTag: 'instances' }])
    for (const spy of Object.values(calls)) expect(spy).not.toHaveBeenCalled()
  })

  it('totals and scopes follow creates and deletes through the API; a resource that changes keeps its place', async () => {
    await createInstance(h, 'nano')
    await createInstance(h, 'nano', OTHER)
    await createInstance(h, 'nano')
    const before = await control('/resources?provider=redistogo').expect(200)
    expect(before.body).toMatchObject({ total: 3, scopes: ['redistogo', 'waratuman'] })
    h.clock.advance(1000) // every instance turns running: a transition changes each
    await rtg(h, 'delete', '/instances/2.json', OTHER).expect(200)
    const after = await control('/resources?provider=redistogo').expect(200)
    expect(after.body).toMatchObject({ total: 2, scopes: ['redistogo'] })
    expect(after.body.items.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([
      ['1', 'running'],
      ['3', 'running'],
    ])
    expect((await control('/resources?provider=redistogo&scope=waratuman').expect(200)).body).toMatchObject({ total: 0, items: [] })
    await createInstance(h, 'nano', OTHER)
    const again = await control('/resources?provider=redistogo&scope=waratuman').expect(200)
    expect(again.body).toMatchObject({ total: 1, scopes: ['redistogo', 'waratuman'] })
    expect(again.body.items.map((i: { id: string }) => i.id)).toEqual(['4'])
  })

  it('a reset empties the index, and a state import fills it again', async () => {
    await createInstance(h, 'nano')
    await h.request('redistogo').post('/_emulator/reset?provider=redistogo').expect(200)
    expect((await control('/resources?provider=redistogo').expect(200)).body).toMatchObject({ total: 0, scopes: [], items: [] })
    await store(30)
    expect((await control('/resources?provider=redistogo&limit=1').expect(200)).body).toMatchObject({ total: 30, scopes: ['redistogo', 'waratuman'] })
  })
})
