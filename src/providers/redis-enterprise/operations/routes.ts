// Database operation routes (reference-more §15, §20): POST export/import/stop_traffic/resume_traffic/recover,
// PUT *_reset_status, GET recover (the plan).
import type { Request, Response, Router } from 'express'
import { requestNow } from '../../../core/provider.js'
import { requirePermission as can } from '../auth.js'
import type { Services } from '../service.js'
import { rebalanceBdb, revampBdb, type PlacementAnswer } from './placement.js'
import { exportBdb, importBdb, recoverBdb, recoveryPlan, resetStatus, setTraffic, type StatusKind } from './service.js'

const uid = (req: Request) => String(req.params.uid)
const body = (req: Request): unknown => req.body ?? {}

/** reference-more §1.2: "Returns a status code": 200 with no body. */
function emptyOk(res: Response): void {
  res.status(200).type('application/json').end()
}

function sendPlacement(res: Response, answer: PlacementAnswer): void {
  if (answer.stateId !== undefined) res.set('cluster-state-id', answer.stateId)
  res.json(answer.body)
}

export function operationRoutes(router: Router, services: Services): void {
  // INF: the 200 body is undocumented; {action_uid} is a JSON object (what the crate's typed calls need) naming the machine
  router.post('/v1/bdbs/:uid/actions/export', can('start_bdb_export'), async (req, res) => {
    res.json(await exportBdb(services, uid(req), body(req), requestNow(res)))
  })
  router.post('/v1/bdbs/:uid/actions/import', can('start_bdb_import'), async (req, res) => {
    res.json(await importBdb(services, uid(req), body(req), requestNow(res)))
  })
  const resets: [StatusKind, 'reset_bdb_current_backup_status' | 'reset_bdb_current_export_status' | 'reset_bdb_current_import_status'][] = [
    ['backup', 'reset_bdb_current_backup_status'],
    ['export', 'reset_bdb_current_export_status'],
    ['import', 'reset_bdb_current_import_status'],
  ]
  for (const [kind, permission] of resets) {
    router.put(`/v1/bdbs/:uid/actions/${kind}_reset_status`, can(permission), async (req, res) => {
      await resetStatus(services, uid(req), kind)
      emptyOk(res)
    })
  }
  router.post('/v1/bdbs/:uid/actions/stop_traffic', can('update_bdb_with_action'), async (req, res) => {
    res.json(await setTraffic(services, uid(req), true, requestNow(res)))
  })
  router.post('/v1/bdbs/:uid/actions/resume_traffic', can('update_bdb_with_action'), async (req, res) => {
    res.json(await setTraffic(services, uid(req), false, requestNow(res)))
  })
  // reference-more §20: rebalance needs view_bdb_info "as documented"; revamp update_bdb_with_action
  router.put('/v1/bdbs/:uid/actions/rebalance', can('view_bdb_info'), async (req, res) => {
    sendPlacement(res, await rebalanceBdb(services, uid(req), Object.hasOwn(req.query, 'dry_run'), requestNow(res)))
  })
  router.put('/v1/bdbs/:uid/actions/revamp', can('update_bdb_with_action'), async (req, res) => {
    sendPlacement(res, await revampBdb(services, uid(req), body(req), Object.hasOwn(req.query, 'dry_run'), requestNow(res)))
  })
  router.get('/v1/bdbs/:uid/actions/recover', can('view_bdb_recovery_plan'), (req, res) => {
    res.json(recoveryPlan(services, uid(req)))
  })
  router.post('/v1/bdbs/:uid/actions/recover', can('start_bdb_recovery'), async (req, res) => {
    res.json(await recoverBdb(services, uid(req), body(req), requestNow(res)))
  })
}
