// The metrics exporter's own listener (reference metrics §1): v1 on `/`, `/metrics` (and the legacy
// `/prometheus_metrics`), v2 on `/v2` and `/v2/node`, Prometheus text format, no auth unless the cluster asks for it.
import express, { type Express, type NextFunction, type Request, type Response } from 'express'
import type { Clock } from '../../../core/clock.js'
import { authenticate, managementsOf } from '../auth.js'
import { clusterAttribute } from '../cluster/settings.js'
import { AUTH_REALM } from '../errors.js'
import type { Role } from '../model.js'
import { readSlice, type Services } from '../service.js'
import { CONTENT_TYPE } from './exposition.js'
import { takeSnapshot } from './snapshot.js'
import { renderV1 } from './v1.js'
import { renderV2Text } from './v2.js'

// reference metrics §1.2 (RN802, CLU): with metrics_auth only these management roles may scrape
const SCRAPER_ROLES: Role[] = ['admin', 'cluster_member', 'cluster_viewer']

/**
 * Whether the cluster requires credentials for the exporter: the cluster field `metrics_auth` (default false,
 * reference metrics §1.2), as GET /v1/cluster shows it after PUT /v1/cluster.
 */
function metricsAuthRequired(services: Services): boolean {
  return clusterAttribute(services, readSlice(services), 'metrics_auth') === true
}

/** 401 with the Basic challenge for missing or wrong credentials, 403 for a role that may not scrape (inferred). */
function checkScraper(services: Services, req: Request, res: Response): boolean {
  if (!metricsAuthRequired(services)) return true
  const match = /^Basic\s+(.+)$/i.exec(req.get('authorization') ?? '')
  const decoded = match ? Buffer.from(match[1], 'base64').toString('utf8') : ''
  const colon = decoded.indexOf(':')
  const slice = readSlice(services)
  const user = colon > 0 ? authenticate(slice, decoded.slice(0, colon), decoded.slice(colon + 1)) : undefined
  if (!user) {
    res.status(401).set('WWW-Authenticate', `Basic realm="${AUTH_REALM}"`).type('text/plain').send('Unauthorized\n')
    return false
  }
  // the management roles the user acts with, as on the REST API (its role_uids' roles when it has any)
  if (!managementsOf(slice, user).some((role) => SCRAPER_ROLES.includes(role))) {
    res.status(403).type('text/plain').send('Forbidden\n')
    return false
  }
  return true
}

export function createMetricsApp(services: Services, clock: Clock): Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)
  // the exporter's processes start with the emulator: their CPU-seconds counters count from here
  const startedAt = clock.now()

  const serve = (render: (snapshot: Awaited<ReturnType<typeof takeSnapshot>>) => string) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (!checkScraper(services, req, res)) return
      const snapshot = await takeSnapshot(services, clock.now(), startedAt)
      res.status(200).set('Content-Type', CONTENT_TYPE).send(render(snapshot))
    } catch (err) {
      next(err)
    }
  }
  // reference metrics §1.3: only GET is used; HEAD is harmless
  app.get(['/', '/metrics', '/prometheus_metrics'], serve(renderV1))
  app.get('/v2', serve((s) => renderV2Text(s)))
  // the answering node (the master, node 1) alone, without cluster and node labels (reference §1.3)
  app.get('/v2/node', serve((s) => renderV2Text(s, 1)))
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('404 page not found\n')
  })
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    console.error('[redis-enterprise metrics] unexpected error:', err)
    res.status(500).type('text/plain').send('An error has occurred while serving metrics\n')
  })
  return app
}
