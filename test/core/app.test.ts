// The shared pipeline, driven through the fake widgets provider: settle on requests, errors in the provider's envelope.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHarness, HARNESS_EPOCH, tempDir, type Harness } from '../helpers/harness.js'
import { widgets } from '../helpers/fake-provider.js'
import { Clock } from '../../src/core/clock.js'

const registry = [widgets]

describe('provider app pipeline', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness({}, { registry })
  })

  it('moves a resource through chained transitions as the clock passes each deadline', async () => {
    const created = await h.request('widgets').post('/widgets').send({ name: 'w' })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({ id: 1, name: 'w', status: 'building' })

    h.clock.advance(999)
    expect((await h.request('widgets').get('/widgets/1')).body.status).toBe('building')
    h.clock.advance(1)
    expect((await h.request('widgets').get('/widgets/1')).body.status).toBe('ready')
    h.clock.advance(499)
    expect((await h.request('widgets').get('/widgets/1')).body.status).toBe('ready')
    h.clock.advance(1)
    expect((await h.request('widgets').get('/widgets/1')).body.status).toBe('polished')
  })

  it('applies every due transition at once after a long pause', async () => {
    await h.request('widgets').post('/widgets').send({ name: 'w' })
    h.clock.advance(60_000)
    expect((await h.request('widgets').get('/widgets/1')).body.status).toBe('polished')
  })

  it('zero delays: the next request sees the final state', async () => {
    h.emulator.delays.set({ 'widgets.widget.build': 0, 'widgets.widget.polish': 0 })
    expect((await h.request('widgets').post('/widgets').send({ name: 'w' })).body.status).toBe('building')
    expect((await h.request('widgets').get('/widgets/1')).body.status).toBe('polished')
  })

  it('--fast sets every delay to 0 and explicit delays still win', async () => {
    const fast = await createHarness({ fast: true, delays: { 'widgets.widget.polish': 7 } }, { registry })
    expect(fast.emulator.delays.all()).toEqual({ 'widgets.widget.build': 0, 'widgets.widget.polish': 7 })
  })

  it('a recipe that fails after changing its draft leaves nothing behind', async () => {
    const res = await h.request('widgets').post('/widgets?fail=after-write').send({ name: 'w' })
    expect(res.status).toBe(409)
    expect(res.body).toEqual({ fail: { code: 'rolled_back', message: 'recipe failed after writing' } })
    expect(h.emulator.store.read('widgets')).toEqual(widgets.emptyState({ fixturesDir: '' }))
  })

  it('renders malformed JSON, too-large bodies, unknown routes and provider errors in the provider envelope', async () => {
    const malformed = await h.request('widgets').post('/widgets').set('content-type', 'application/json').send('{"name":')
    expect(malformed.status).toBe(400)
    expect(malformed.body).toEqual({ fail: { code: 'core_malformed_body', message: 'the request body could not be parsed' } })

    const huge = await h.request('widgets').post('/widgets').send({ name: 'x'.repeat(2 * 1024 * 1024) })
    expect(huge.status).toBe(413)
    expect(huge.body).toEqual({ fail: { code: 'core_body_too_large', message: 'the request body is too large' } })

    const unknown = await h.request('widgets').get('/nowhere')
    expect(unknown.status).toBe(404)
    expect(unknown.body).toEqual({ fail: { code: 'core_route_not_found', message: 'no route for GET /nowhere' } })

    const missing = await h.request('widgets').get('/widgets/9')
    expect(missing.status).toBe(404)
    expect(missing.body).toEqual({ fail: { code: 'no_widget', message: 'widget 9 not found' } })

    const badEscape = await h.request('widgets').get('/widgets/%E0%A4%A')
    expect(badEscape.status).toBe(400)
    expect(badEscape.body.fail.code).toBe('core_invalid_request')
  })

  it('an unexpected exception is a 500 in the provider envelope with no stack trace', async () => {
    const logged: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => void logged.push(args)
    try {
      const res = await h.request('widgets').get('/boom')
      expect(res.status).toBe(500)
      expect(res.body).toEqual({ fail: { code: 'core_internal', message: 'internal error' } })
      expect(res.text).not.toContain('secret stack')
      expect(logged).toHaveLength(1)
    } finally {
      console.error = original
    }
  })

  it('passes provider settings from options, with defaults, and rejects unknown ones', async () => {
    expect((await h.request('widgets').get('/settings')).body).toEqual({ shiny: false })
    const shiny = await createHarness({ providers: { widgets: { settings: { shiny: true } } } }, { registry })
    expect((await shiny.request('widgets').get('/settings')).body).toEqual({ shiny: true })
    await expect(createHarness({ providers: { widgets: { settings: { dull: true } } } }, { registry })).rejects.toThrow(
      /unknown setting "dull"/,
    )
    await expect(createHarness({ providers: { widgets: { settings: { shiny: 'yes' } } } }, { registry })).rejects.toThrow(
      /must be a boolean/,
    )
  })
})

describe('restart', () => {
  let dir: string
  let cleanup: () => Promise<void>
  beforeEach(async () => ({ dir, cleanup } = await tempDir()))
  afterEach(() => cleanup())

  it('keeps acknowledged resources and a transition in flight across a restart', async () => {
    const clock = new Clock()
    clock.freeze(HARNESS_EPOCH)
    const first = await createHarness({ inMemory: false, dataDir: dir }, { registry, clock })
    expect((await first.request('widgets').post('/widgets').send({ name: 'w' })).status).toBe(201)
    clock.advance(400)

    const second = await createHarness({ inMemory: false, dataDir: dir }, { registry, clock })
    expect((await second.request('widgets').get('/widgets/1')).body).toEqual({ id: 1, name: 'w', status: 'building' })
    clock.advance(600)
    expect((await second.request('widgets').get('/widgets/1')).body.status).toBe('ready')
    clock.advance(500)
    expect((await second.request('widgets').get('/widgets/1')).body.status).toBe('polished')
  })
})
