// Control-plane route of Redis Enterprise: POST /_emulator/redis-enterprise/alerts forces a documented alert on or off.
import type { Router } from 'express'
import type { ProviderContext } from '../../../core/provider.js'
import { loadCatalogue } from '../model.js'
import type { Services } from '../service.js'
import { settingsOf } from '../settings.js'
import { forceAlert } from './service.js'

/**
 * Body `{"object":"cluster"|"node"|"bdb","uid":<node or bdb uid>,"name":"<alert>","state":true|false|null}`;
 * `null` hands the alert back to the conditions the emulator observes. Answers `{scope, name, state}`.
 */
export function alertControlRoutes(router: Router, context: () => ProviderContext): void {
  router.post('/alerts', async (req, res) => {
    const ctx = context()
    const services: Services = { store: ctx.store, delays: ctx.delays, catalogue: loadCatalogue(ctx.fixturesDir), settings: settingsOf(ctx), realRedis: ctx.realRedis }
    res.json(await forceAlert(services, req.body, ctx.clock.now()))
  })
}
