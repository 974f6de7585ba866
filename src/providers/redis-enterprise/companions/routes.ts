// Read-mostly companions (reference-more §6, §14, §16, §17, §21): Active-Active list, database groups, JSON schemas,
// cluster actions and local services, as a cluster without Active-Active peers or database groups answers them.
import type { Request, Response, Router } from 'express'
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'
import { requestNow } from '../../../core/provider.js'
import { requirePermission as can } from '../auth.js'
import { reError } from '../errors.js'
import type { JsonObject } from '../model.js'
import type { Services } from '../service.js'
import { jsonSchemaOf, JSON_SCHEMA_OBJECTS } from './jsonschema.js'

// Its zod schemas are built on first use (lazy), not at import: start-up time (issue #20).

const param = (req: Request, name: string): string => String(req.params[name])

// reference-more §6 create body: default_db_config, instances[{cluster{url, credentials, name}, …}], name
export const crdbCreateSchema = lazy(() => z.looseObject({
  name: z.string().min(1),
  default_db_config: z.looseObject({}),
  instances: z.array(z.looseObject({ cluster: z.looseObject({ url: z.string().min(1), name: z.string().min(1) }) })).min(1),
}))

// reference-more §17 (DOC example): the services of a node and their status
export const SERVICES = ['alert_mgr', 'cm_server', 'cnm_exec', 'cnm_http', 'crdb_coordinator', 'crdb_worker', 'mdns_server', 'pdns_server', 'redis_mgr', 'resource_mgr', 'saslauthd', 'stats_archiver']

function uptime(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000))
  const days = Math.floor(seconds / 86400)
  const rest = seconds % 86400
  const hms = `${Math.floor(rest / 3600)}:${String(Math.floor((rest % 3600) / 60)).padStart(2, '0')}:${String(rest % 60).padStart(2, '0')}`
  return days > 0 ? `${days} day${days === 1 ? '' : 's'}, ${hms}` : hms
}

export const servicesBody = lazy(() => z.strictObject({ operation_type: z.enum(['start', 'stop', 'restart']), services: z.array(z.string()).min(1) }))

export function companionRoutes(router: Router, services: Services): void {
  // FIX crdbs_list.json: an object wrapping the list, on a cluster without Active-Active databases
  router.get('/v1/crdbs', can('view_crdb_list'), (_req, res) => {
    res.json({ crdbs: [] })
  })
  router.get('/v1/crdbs/:guid', can('view_crdb'), (req, res) => {
    throw reError('crdb_not_exist', `CRDB ${param(req, 'guid')} does not exist`)
  })
  // reference-more §6: creating needs the participating clusters; this one has no Active-Active peers, so a
  // well-formed request is refused as not acceptable (INF: 406, the code is not documented)
  router.post('/v1/crdbs', can('create_crdb'), (req) => {
    const parsed = crdbCreateSchema().safeParse(req.body ?? {})
    if (!parsed.success) throw reError('bad_request', `Invalid CRDB: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`)
    const peer = parsed.data.instances[0].cluster
    throw reError('crdb_peer_unreachable', `Cannot reach participating cluster ${peer.name} at ${peer.url}: this cluster has no Active-Active peers`)
  })

  // reference-more §6: GET /v1/crdb_tasks is an array of tasks (LIVE-STATUS 200); no Active-Active task ever runs here
  router.get('/v1/crdb_tasks', can('view_crdb_task_list'), (_req, res) => {
    res.json([])
  })
  router.get('/v1/crdb_tasks/:id', can('view_crdb_task'), (req) => {
    throw reError('crdb_task_not_exist', `CRDB task ${param(req, 'id')} does not exist`)
  })

  // FIX bdb_groups_list.json: {"bdb_groups": []}
  router.get('/v1/bdb_groups', can('view_all_bdb_groups'), (_req, res) => {
    res.json({ bdb_groups: [] })
  })
  router.get('/v1/bdb_groups/:uid', can('view_all_bdb_groups'), (req) => {
    throw reError('bdb_group_not_exist', `Database group ${param(req, 'uid')} does not exist`)
  })

  // reference-more §14: ?object=<name> -> that object's schema; 406 for an unknown object; none -> every object's
  router.get('/v1/jsonschema', can('view_jsonschema'), (req, res) => {
    const object = req.query.object
    if (object === undefined) return res.json(Object.fromEntries(JSON_SCHEMA_OBJECTS.map((name) => [name, jsonSchemaOf(services, name)])))
    if (typeof object !== 'string' || !JSON_SCHEMA_OBJECTS.includes(object)) {
      throw reError('invalid_object', `Unknown object "${String(object)}" (one of ${JSON_SCHEMA_OBJECTS.join(', ')})`)
    }
    res.json(jsonSchemaOf(services, object))
  })

  // reference-more §21: an idle cluster answers {"actions": []} (LIVE-STATUS 200); no action ever ran here
  router.get('/v1/cluster/actions', can('view_status_of_cluster_action'), (_req, res) => {
    res.json({ actions: [] })
  })
  router.get('/v1/cluster/actions/:action', can('view_status_of_cluster_action'), (req) => {
    throw reError('cluster_action_not_exist', `No status for cluster action ${param(req, 'action')}`)
  })
  router.delete('/v1/cluster/actions/:action', can('cancel_cluster_action'), (req) => {
    throw reError('cluster_action_not_exist', `No status for cluster action ${param(req, 'action')}`)
  })

  // reference-more §17: every service RUNNING since the cluster was created
  router.get('/v1/local/services', can('view_local_services'), (_req, res) => {
    const since = services.catalogue.cluster.created_time as string
    const up = uptime(requestNow(res) - Date.parse(since))
    const body: Record<string, JsonObject> = {}
    for (const name of SERVICES) body[name] = { start_time: since, status: 'RUNNING', uptime: up }
    res.json(body)
  })
  const operate = (req: Request, res: Response) => {
    const parsed = servicesBody().safeParse(req.body ?? {})
    if (!parsed.success) throw reError('bad_request', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '))
    // per-service success: a service this cluster runs can be operated (INF: it is back RUNNING at once)
    res.json(Object.fromEntries(parsed.data.services.map((name) => [name, SERVICES.includes(name)])))
  }
  router.post('/v1/local/services', can('view_local_services'), operate)
  router.post('/v1/services', can('view_local_services'), operate)
}
