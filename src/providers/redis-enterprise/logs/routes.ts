// GET /v1/logs (reference-more §12): the cluster event log.
import type { Router } from 'express'
import { requirePermission as can } from '../auth.js'
import { readSlice, type Services } from '../service.js'
import { listEvents } from './service.js'

export function logRoutes(router: Router, services: Services): void {
  router.get('/v1/logs', can('view_logged_events'), (req, res) => {
    res.json(listEvents(readSlice(services), req.query))
  })
}
