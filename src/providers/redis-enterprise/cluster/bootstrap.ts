// Bootstrap (reference §2, D:requests/bootstrap): the unbootstrapped start mode, its gate, and accepting or validating a request.
import { isIP } from 'node:net'
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express'
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'
import { scheduleTransition } from '../../../core/lifecycle.js'
import { requestNow } from '../../../core/provider.js'
import { requirePermission as can } from '../auth.js'
import { buildUser, wireTime, type JsonObject, type RedisEnterpriseSlice } from '../model.js'
import { PROVIDER_ID, readSlice, type Services } from '../service.js'
import { BOOTSTRAP_DELAYS, BOOTSTRAP_TRANSITIONS } from './bootstrap-machine.js'
import { clusterError } from './errors.js'
import { emptyOk, param } from './http.js'
import { parseLicenseKey, trialLicense } from './license.js'
import {
  BOOTSTRAP_ACTIONS,
  clusterRecord,
  draftClusterRecord,
  sortedKeys,
  type BootstrapAction,
  type BootstrapOutcome,
  type BootstrapRecord,
} from './state.js'
import { suffixObject } from './suffixes.js'

// Its zod schemas are built on first use (lazy), not at import: start-up time (issue #20).

/** The node's bootstrap record: the stored one, else what the start mode says (completed as captured, or idle). */
export function bootstrapRecord(services: Services, slice: RedisEnterpriseSlice): BootstrapRecord | undefined {
  const stored = clusterRecord(slice).bootstrap
  if (stored) return stored
  return services.settings.bootstrapped ? undefined : { state: 'idle', attempt: 0 }
}

export function isBootstrapped(services: Services, slice: RedisEnterpriseSlice): boolean {
  const record = bootstrapRecord(services, slice)
  return record === undefined || record.state === 'completed'
}

/** GET /v1/bootstrap: `bootstrap_status` and `local_node_info` (captures/bootstrap_status.json). */
function bootstrapBody(services: Services, slice: RedisEnterpriseSlice): JsonObject {
  const record = bootstrapRecord(services, slice)
  if (!record) return services.catalogue.bootstrap
  const { state, start_time, end_time, error_code, error_details } = record
  return {
    bootstrap_status: sortedKeys({ end_time, error_code, error_details, start_time, state } as JsonObject),
    local_node_info: services.catalogue.bootstrap.local_node_info,
  }
}

// D:objects/bootstrap and sub-objects: the fields the emulator reads are typed; the many others are accepted as sent
export const bootstrapSchema = lazy(() => z.looseObject({
  action: z.enum(BOOTSTRAP_ACTIONS).optional(),
  cluster: z.looseObject({ name: z.string().optional(), nodes: z.array(z.string()).optional(), wait_command: z.boolean().optional() }).optional(),
  credentials: z.looseObject({ username: z.string().optional(), password: z.string().optional() }).optional(),
  node: z
    .looseObject({
      paths: z.record(z.string(), z.string()).optional(),
      identity: z
        .looseObject({
          addr: z.string().optional(),
          external_addr: z.array(z.string()).optional(),
          rack_id: z.string().optional(),
          second_rack_id: z.string().optional(),
        })
        .optional(),
      bigstore_enabled: z.boolean().optional(),
    })
    .optional(),
  license: z.string().optional(),
  dns_suffixes: z
    .array(
      z.looseObject({
        name: z.string(),
        cluster_default: z.boolean().optional(),
        use_internal_addr: z.boolean().optional(),
        use_aaaa_ns: z.boolean().optional(),
        slaves: z.array(z.string()).optional(),
      }),
    )
    .optional(),
  policy: z.looseObject({ rack_aware: z.boolean().optional() }).optional(),
  recovery_filename: z.string().optional(),
}))
type BootstrapBody = z.infer<ReturnType<typeof bootstrapSchema>>

// D:objects/bootstrap/cluster_identity: an FQDN of at most 64 characters (RFC 952 / 1123 labels)
const FQDN = /^(?=.{1,64}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/
// D:objects/bootstrap/credentials: the username may not contain & < > "
const USERNAME_FORBIDDEN = /[&<>"]/

type Failure = { error_code: string; message: string }
type Checked = { body: BootstrapBody } | { failure: Failure }

/** Checks a bootstrap request the way validate/{action} does; the failure carries the documented bootstrap error code. */
function checkBootstrap(action: BootstrapAction, raw: unknown, now: number): Checked {
  const fail = (error_code: string, message: string): Checked => ({ failure: { error_code, message } })
  const parsed = bootstrapSchema().safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return fail('config_error', `${issue.path.join('.') || '(body)'}: ${issue.message}`)
  }
  const body = parsed.data
  if (body.action !== undefined && body.action !== action) return fail('config_error', `action ${body.action} does not match the requested ${action}`)
  const { username, password } = body.credentials ?? {}
  if (!username || !password) return fail('config_error', 'credentials.username and credentials.password are required')
  if (USERNAME_FORBIDDEN.test(username)) return fail('config_error', 'credentials.username may not contain & < > or "')
  if (action === 'create_cluster' && !FQDN.test(body.cluster?.name ?? '')) {
    return fail('config_error', 'cluster.name must be a fully qualified domain name of at most 64 characters')
  }
  // D:requests/bootstrap connect_error: "no/wrong node IP provided"
  if (action === 'join_cluster' && (!body.cluster?.nodes?.length || body.cluster.nodes.some((n) => isIP(n.replace(/:\d+$/, '')) === 0))) {
    return fail('connect_error', 'cluster.nodes must list the address of at least one node of the cluster to join')
  }
  if (action === 'recover_cluster' && !body.recovery_filename) return fail('config_error', 'recovery_filename is required to recover a cluster')
  for (const [name, path] of Object.entries(body.node?.paths ?? {})) {
    if (!path.startsWith('/')) return fail('path_error', `node.paths.${name}: ${path} is not an absolute path`)
  }
  if (body.license) {
    const installed = parseLicenseKey(body.license, now)
    if ('problem' in installed) return fail('invalid_license', installed.problem)
  }
  return { body }
}

/** What the cluster looks like once this request completes (applied by the machine's last step, bootstrap-machine.ts). */
function planOutcome(services: Services, action: BootstrapAction, body: BootstrapBody, now: number): BootstrapOutcome {
  const { catalogue, settings } = services
  const start = wireTime(now)
  const name = action === 'create_cluster' ? body.cluster!.name! : (catalogue.cluster.name as string)
  const identity = body.node?.identity ?? {}
  const paths = body.node?.paths ?? {}
  const node: JsonObject = {}
  if (identity.addr !== undefined) node.addr = identity.addr
  if (identity.external_addr !== undefined) node.external_addr = identity.external_addr
  if (identity.rack_id !== undefined) node.rack_id = identity.rack_id
  if (identity.second_rack_id !== undefined) node.second_rack_id = identity.second_rack_id
  if (body.node?.bigstore_enabled !== undefined) node.bigstore_enabled = body.node.bigstore_enabled
  if (paths.persistent_path !== undefined) node.persistent_storage_path = paths.persistent_path
  if (paths.ephemeral_path !== undefined) node.ephemeral_storage_path = paths.ephemeral_path
  if (paths.bigstore_path !== undefined) node.bigredis_storage_path = paths.bigstore_path
  const license = body.license ? (parseLicenseKey(body.license, now) as ReturnType<typeof trialLicense>) : trialLicense(catalogue, settings, now)
  return {
    // reference §2 (INF): the credentials become user 1, an admin; captures/user_single.json is that user
    admin: buildUser(catalogue, { uid: 1, email: body.credentials!.username!, name: 'Administrator', role: 'admin', password_issue_date: start }),
    password: body.credentials!.password!,
    cluster: action === 'create_cluster' ? { created_time: start, name } : {},
    // D:objects/bootstrap: policy is deprecated there but still applied
    policy: body.policy?.rack_aware === undefined ? {} : { rack_aware: body.policy.rack_aware },
    license,
    suffixes: body.dns_suffixes?.length
      ? body.dns_suffixes.map((s) => suffixObject(s.name, { default: s.cluster_default, internal: s.use_internal_addr, use_aaaa_ns: s.use_aaaa_ns, slaves: s.slaves }))
      : [suffixObject(name, { default: true })],
    node,
  }
}

/** POST /v1/bootstrap/{action} on an unbootstrapped node: accepted in idle or error, then the machine runs. */
async function startBootstrap(services: Services, action: BootstrapAction, raw: unknown, now: number): Promise<void> {
  const delay = services.delays.get(BOOTSTRAP_DELAYS.start)
  await services.store.mutate<RedisEnterpriseSlice>(PROVIDER_ID, (draft) => {
    const current = bootstrapRecord(services, draft)!
    // D:requests/bootstrap: "permitted only when the current bootstrap state is idle or error"
    if (current.state !== 'idle' && current.state !== 'error') {
      throw clusterError('bootstrap_conflict', `Bootstrap already in progress (state ${current.state})`)
    }
    const checked = checkBootstrap(action, raw, now)
    const attempt = current.attempt + 1
    const record: BootstrapRecord = { action, state: 'initiated', start_time: wireTime(now), attempt }
    // a bad configuration is accepted and ends in the error state (D:requests/bootstrap error codes)
    if ('failure' in checked) record.failure = checked.failure
    else record.outcome = planOutcome(services, action, checked.body, now)
    draftClusterRecord(draft).bootstrap = record
    scheduleTransition(draft, BOOTSTRAP_TRANSITIONS.started, now + delay, { attempt })
  })
}

const GATE_POST = /^\/v1\/bootstrap\/(validate\/)?([^/]+)\/?$/i

function bootstrapActionOf(raw: string): BootstrapAction | undefined {
  return (BOOTSTRAP_ACTIONS as readonly string[]).includes(raw) ? (raw as BootstrapAction) : undefined
}

/** POST /v1/bootstrap/validate/{action}: 200 when valid, else 406 with a bootstrap_status object (D:requests/bootstrap/validate). */
function validate(action: BootstrapAction, raw: unknown, now: number, res: Response): void {
  const checked = checkBootstrap(action, raw, now)
  if ('failure' in checked) {
    res.status(406).json({ error_code: checked.failure.error_code, error_details: { message: checked.failure.message }, state: 'error' })
    return
  }
  emptyOk(res)
}

/**
 * Before auth: a node that is not part of a completed cluster has no users. It answers GET /v1/bootstrap and the
 * bootstrap POSTs without credentials (D:requests/bootstrap), and every other route with 503 (redis-enterprise.md §1).
 */
export function bootstrapGate(services: Services): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (isBootstrapped(services, readSlice(services))) return next()
    if (req.method === 'GET' && /^\/v1\/bootstrap\/?$/i.test(req.path)) {
      res.json(bootstrapBody(services, readSlice(services)))
      return
    }
    const match = GATE_POST.exec(req.path)
    const action = match ? bootstrapActionOf(match[2]) : undefined
    if (req.method === 'POST' && action) {
      if (match![1]) return validate(action, req.body ?? {}, requestNow(res), res)
      await startBootstrap(services, action, req.body ?? {}, requestNow(res))
      // reference §2: 200 with an empty body; clients poll GET /v1/bootstrap
      return emptyOk(res)
    }
    throw clusterError('not_bootstrapped', 'This node is not part of an active cluster')
  }
}

/** After auth, on a bootstrapped cluster. */
export function bootstrapRoutes(router: Router, services: Services): void {
  router.get('/v1/bootstrap', can('view_bootstrap_status'), (_req, res) => {
    res.json(bootstrapBody(services, readSlice(services)))
  })
  // reference §2 (INF): bootstrapping a node that is already part of a cluster is refused like one in progress;
  // no permission is documented for them: every role that may read the bootstrap status gets the 409 (INF)
  // one route per path (not an array): each is a route of its own in the router's table and the OpenAPI document
  for (const path of ['/v1/bootstrap/:action', '/v1/bootstrap/validate/:action']) {
    router.post(path, can('view_bootstrap_status'), (req, _res, next) => {
      // an unknown action is not a route: the catch-all 404
      if (!bootstrapActionOf(param(req, 'action'))) return next()
      throw clusterError('bootstrap_conflict', 'This node is already part of a cluster (bootstrap state completed)')
    })
  }
}
