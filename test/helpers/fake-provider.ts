// A minimal provider used only by core tests: widgets that go building -> ready -> polished on the clock.
import { Router } from 'express'
import { ProviderError, type CoreFailure } from '../../src/core/errors.js'
import { emptyLifecycle, scheduleTransition, type LifecycleSlice } from '../../src/core/lifecycle.js'
import { requestNow, type Provider, type ProviderContext } from '../../src/core/provider.js'

export interface Widget {
  id: number
  name: string
  status: 'building' | 'ready' | 'polished'
}

export interface WidgetSlice extends LifecycleSlice {
  widgets: Record<string, Widget>
  nextId: number
}

const CORE_STATUS: Record<CoreFailure, number> = {
  malformed_body: 400,
  body_too_large: 413,
  unsupported_media_type: 415,
  invalid_request: 400,
  route_not_found: 404,
  internal: 500,
}

export const widgets: Provider<WidgetSlice> = {
  id: 'widgets',
  title: 'Widgets (test provider)',
  listeners: [{ name: '', defaultPort: 0, tls: false }],
  delays: { 'widgets.widget.build': 1000, 'widgets.widget.polish': 500 },
  flags: [{ flag: 'shiny', setting: 'shiny', type: 'boolean', description: 'test flag', default: false }],
  emptyState: () => ({ lifecycle: emptyLifecycle(), widgets: {}, nextId: 1 }),
  lifecycle: {
    'widget.ready': (slice, t, ctx) => {
      const widget = slice.widgets[t.target.id]
      if (!widget) return
      widget.status = 'ready'
      ctx.schedule('widget.polished', ctx.delay('widgets.widget.polish'), t.target)
    },
    'widget.polished': (slice, t) => {
      const widget = slice.widgets[t.target.id]
      if (widget) widget.status = 'polished'
    },
  },
  router(ctx: ProviderContext) {
    const router = Router()
    router.post('/widgets', async (req, res) => {
      const name = req.body?.name
      if (typeof name !== 'string') throw new ProviderError(422, 'bad_name', 'name must be a string')
      const widget = await ctx.store.mutate<WidgetSlice, Widget>('widgets', (draft) => {
        const id = draft.nextId++
        draft.widgets[id] = { id, name, status: 'building' }
        scheduleTransition(draft, 'widget.ready', requestNow(res) + ctx.delays.get('widgets.widget.build'), { id })
        if (req.query.fail === 'after-write') throw new ProviderError(409, 'rolled_back', 'recipe failed after writing')
        return draft.widgets[id]
      })
      res.status(201).json(widget)
    })
    router.get('/widgets/:id', (req, res) => {
      const widget = ctx.store.read<WidgetSlice>('widgets').widgets[req.params.id]
      if (!widget) throw new ProviderError(404, 'no_widget', `widget ${req.params.id} not found`)
      res.json(widget)
    })
    router.get('/settings', (_req, res) => {
      res.json(ctx.settings)
    })
    router.get('/boom', () => {
      throw new Error('unexpected failure with a secret stack')
    })
    return router
  },
  coreError: (kind, message) => new ProviderError(CORE_STATUS[kind], `core_${kind}`, message),
  renderError: (err, _req, res) => {
    res.status(err.status).json({ fail: { code: err.code, message: err.message } })
  },
  banner: () => ['widgets: no credentials'],
}
