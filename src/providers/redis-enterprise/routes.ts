// Redis Enterprise route table: path -> permission -> service call (seeds 002 and 004, reference §3, §5, §6).
import { Router, type Request, type Response } from 'express'
import { requestNow } from '../../core/provider.js'
import { actionV2, sortedActions, stateMachineV1 } from './actions.js'
import { basicAuthentication, requirePermission as can } from './auth.js'
import { bootstrapGate, clusterRoutes } from './cluster/index.js'
import { reError } from './errors.js'
import { hasJsonContentType } from './content-type.js'
import { parseFields, projectFields, type RedisEnterpriseSlice } from './model.js'
import { parseBdbBody, createBdbV2Schema } from './schemas.js'
import { BDB_ACTIONS, createBdb, deleteBdb, findBdb, readSlice, updateBdb, type BdbAction, type JsonText, type Services } from './service.js'
import { statsRoutes } from './stats/routes.js'
import { requireUidParam } from './uids.js'
import { accessRoutes } from './access/routes.js'
import { alertRoutes } from './alerts/routes.js'
import { logRoutes } from './logs/routes.js'
import { logLoginFailed } from './logs/service.js'
import { operationRoutes } from './operations/routes.js'
import { companionRoutes } from './companions/routes.js'

// seed 002: "505 An unsupported X-API-Version was used"; the API's versions are the path versions v1 and v2.
const SUPPORTED_API_VERSIONS = /^v?[12]$/i

function checkProtocol(req: Request, _res: Response, next: () => void): void {
  const version = req.get('x-api-version')
  if (version !== undefined && !SUPPORTED_API_VERSIONS.test(version.trim())) {
    throw reError('unsupported_api_version', `Unsupported X-API-Version: ${version}`)
  }
  // reference §1: Content-Type application/json is required on PUT/POST bodies; another one is a bad request.
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined
  if ((req.method === 'POST' || req.method === 'PUT') && hasBody && !hasJsonContentType(req)) {
    throw reError('bad_request', `Unsupported Content-Type ${req.get('content-type') ?? '(none)'}; use application/json`)
  }
  next()
}

/** Express 5 types params as string | string[]; these routes have only single-segment params. */
const param = (req: Request, name: string): string => String(req.params[name])
const dryRun = (req: Request) => Object.hasOwn(req.query, 'dry_run')
const fields = (req: Request) => parseFields(req.query.fields)
const body = (req: Request): unknown => req.body ?? {}

/** The action with this uid; only the slice's own keys count, so `__proto__` or `constructor` is a 404 too. */
function findAction(current: RedisEnterpriseSlice, uid: string) {
  const action = Object.hasOwn(current.actions, uid) ? current.actions[uid] : undefined
  if (!action) throw reError('action_not_exist', `Action ${uid} does not exist`)
  return action
}

/** What res.json sends for the value the text was serialized from (same bytes and headers), without serializing again. */
function sendJson(res: Response, text: JsonText): void {
  if (!res.get('Content-Type')) res.set('Content-Type', 'application/json')
  res.send(text)
}

/** seed 004 / reference §3: DELETE answers 200 with an empty body. */
function emptyOk(res: Response): void {
  res.status(200).type('application/json').end()
}

export function buildRoutes(services: Services): Router {
  const router = Router()
  const slice = (): RedisEnterpriseSlice => readSlice(services)
  router.use(checkProtocol)
  // an unbootstrapped node has no users: its gate answers before auth (cluster/bootstrap.ts)
  router.use(bootstrapGate(services))
  router.use(...basicAuthentication(slice, (email, res) => logLoginFailed(services, email, requestNow(res))))
  // before /v1/bdbs/:uid and /v1/nodes/:uid, which would take "stats", /v1/bdbs/alerts or /v1/nodes/alerts for a uid
  statsRoutes(router, services)
  alertRoutes(router, services)
  logRoutes(router, services)
  operationRoutes(router, services)
  companionRoutes(router, services)

  // databases (seed 004)
  router.get('/v1/bdbs', can('view_all_bdbs_info'), (req, res) => {
    const list = Object.values(slice().bdbs).sort((a, b) => a.uid - b.uid)
    res.json(list.map((bdb) => projectFields(bdb, fields(req))))
  })
  router.get('/v1/bdbs/:uid', can('view_bdb_info'), (req, res) => {
    res.json(projectFields(findBdb(slice(), param(req, 'uid')), fields(req)))
  })
  router.post('/v1/bdbs', can('create_bdb'), async (req, res) => {
    sendJson(res, await createBdb(services, parseBdbBody(body(req)), { dryRun: dryRun(req), now: requestNow(res) }))
  })
  router.post('/v2/bdbs', can('create_bdb'), async (req, res) => {
    const parsed = createBdbV2Schema().parse(body(req))
    const options = { dryRun: dryRun(req), now: requestNow(res), recoveryPlan: parsed.recovery_plan?.data_files }
    sendJson(res, await createBdb(services, parsed.bdb, options))
  })
  router.put('/v1/bdbs/:uid', can('update_bdb'), async (req, res) => {
    res.json(await updateBdb(services, param(req, 'uid'), parseBdbBody(body(req)), { dryRun: dryRun(req), now: requestNow(res) }))
  })
  router.put('/v1/bdbs/:uid/:action', can('update_bdb_with_action'), async (req, res, next) => {
    const action = param(req, 'action')
    // seed 004: "Currently supported actions are: flush, reset_admin_pass"; another segment is another route
    // (/passwords, access/routes.ts) or none (the provider's 404)
    if (!(BDB_ACTIONS as readonly string[]).includes(action)) return next()
    const parsed = parseBdbBody(body(req))
    res.json(await updateBdb(services, param(req, 'uid'), parsed, { dryRun: dryRun(req), now: requestNow(res), action: action as BdbAction }))
  })
  router.delete('/v1/bdbs/:uid', can('delete_bdb'), async (req, res) => {
    await deleteBdb(services, param(req, 'uid'), requestNow(res))
    emptyOk(res)
  })

  // actions (reference §5)
  router.get('/v1/actions', can('view_status_of_cluster_action'), (_req, res) => {
    const now = requestNow(res)
    res.json({ actions: [], 'state-machines': sortedActions(slice().actions).map((a) => stateMachineV1(a, now)) })
  })
  router.get('/v1/actions/bdb/:uid', can('view_status_of_cluster_action'), (req, res) => {
    const uid = requireUidParam(param(req, 'uid'))
    const now = requestNow(res)
    res.json(sortedActions(slice().actions).filter((a) => a.bdb_uid === uid).map((a) => stateMachineV1(a, now)))
  })
  router.get('/v1/actions/:action_uid', can('view_status_of_cluster_action'), (req, res) => {
    res.json(stateMachineV1(findAction(slice(), param(req, 'action_uid')), requestNow(res)))
  })
  router.get('/v2/actions', can('view_status_of_cluster_action'), (_req, res) => {
    const now = requestNow(res)
    res.json(sortedActions(slice().actions).map((a) => actionV2(a, now)))
  })
  router.get('/v2/actions/:action_uid', can('view_status_of_cluster_action'), (req, res) => {
    res.json(actionV2(findAction(slice(), param(req, 'action_uid')), requestNow(res)))
  })

  // cluster set-up and companions (cluster/: bootstrap, settings, certificates, licence, OCSP, proxies, suffixes, nodes)
  clusterRoutes(router, services)

  accessRoutes(router, services)

  // OPTIONS on a route answers its Allow list (Express does it for every path above): real clusters do, which is how
  // redis-enterprise-rs probes route existence on 7.4 to 8.2 (reference-more LIVE-ROUTES); an unknown path is a 404
  return router
}
