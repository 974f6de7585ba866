// Alert routes (reference-more §7): cluster, node and database alerts, and database alert settings.
import type { Request, Router } from 'express'
import { requestNow } from '../../../core/provider.js'
import { requirePermission as can } from '../auth.js'
import { findBdb, readSlice, type Services } from '../service.js'
import { allBdbAlerts, allNodeAlerts, bdbAlerts, clusterAlerts, nodeAlerts, pickAlert, updateBdbAlerts } from './service.js'

const param = (req: Request, name: string): string => String(req.params[name])

export function alertRoutes(router: Router, services: Services): void {
  // `ignore_settings` (DOC) is accepted: the state is reported whatever the settings (FIX cluster_alerts.json)
  router.get('/v1/cluster/alerts', can('view_cluster_alerts'), (_req, res) => {
    res.json(clusterAlerts(services, requestNow(res)))
  })
  router.get('/v1/cluster/alerts/:alert', can('view_cluster_alerts'), (req, res) => {
    res.json(pickAlert(clusterAlerts(services, requestNow(res)), param(req, 'alert')))
  })
  router.get('/v1/nodes/alerts', can('view_all_nodes_alerts'), (_req, res) => {
    res.json(allNodeAlerts(services))
  })
  router.get('/v1/nodes/alerts/:uid', can('view_node_alerts'), (req, res) => {
    res.json(nodeAlerts(services, param(req, 'uid')))
  })
  router.get('/v1/nodes/alerts/:uid/:alert', can('view_node_alerts'), (req, res) => {
    res.json(pickAlert(nodeAlerts(services, param(req, 'uid')), param(req, 'alert')))
  })
  router.get('/v1/bdbs/alerts', can('view_all_bdbs_alerts'), async (_req, res) => {
    res.json(await allBdbAlerts(services))
  })
  router.get('/v1/bdbs/alerts/:uid', can('view_bdb_alerts'), async (req, res) => {
    res.json(await bdbAlerts(services, findBdb(readSlice(services), param(req, 'uid'))))
  })
  router.get('/v1/bdbs/alerts/:uid/:alert', can('view_bdb_alerts'), async (req, res) => {
    res.json(pickAlert(await bdbAlerts(services, findBdb(readSlice(services), param(req, 'uid'))), param(req, 'alert')))
  })
  router.post('/v1/bdbs/alerts/:uid', can('update_bdb_alerts'), async (req, res) => {
    res.json(await updateBdbAlerts(services, param(req, 'uid'), req.body, Object.hasOwn(req.query, 'dry_run')))
  })
}
