// Proxies (reference §9): one per node, GET /v1/proxies, GET/PUT /v1/proxies/{uid}, PUT /v1/proxies for all of them.
import type { Router } from 'express'
import type { Json, JsonObject, RedisEnterpriseSlice } from '../model.js'
import { requirePermission as can } from '../auth.js'
import { PROVIDER_ID, readSlice, type Services } from '../service.js'
import { requireUidParam } from '../uids.js'
import { clusterError } from './errors.js'
import { emptyOk, param } from './http.js'
import { clusterRecord, draftClusterRecord } from './state.js'

/** The proxy of node `uid` (captures/proxies_list.json shape). */
export function buildProxy(services: Services, slice: RedisEnterpriseSlice, uid: number): JsonObject {
  return { ...services.catalogue.setup.proxyTemplate, ...clusterRecord(slice).proxies[String(uid)], uid }
}

function findProxyUid(services: Services, raw: string): number {
  const uid = requireUidParam(raw)
  if (uid > services.settings.nodes) throw clusterError('proxy_not_exist', `Proxy ${uid} does not exist`)
  return uid
}

// D:objects/proxy ranges and enums
const RANGES: Record<string, [number, number]> = {
  threads: [1, 256],
  max_threads: [1, 256],
  duration_usage_threshold: [10, 300],
  threads_usage_threshold: [50, 99],
}
const LOG_LEVELS = ['crit', 'error', 'warn', 'info', 'trace', 'debug']

function invalid(message: string): never {
  throw clusterError('invalid_schema', message)
}

/** The proxy fields a PUT body sets: `{"allow_restart"?: bool, "proxy": {...}}` (redisctl's flat form is refused, INF). */
function proxyChanges(services: Services, body: unknown): JsonObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) invalid('The body must be a JSON object')
  const { proxy, allow_restart: allowRestart, ...rest } = body as Record<string, Json>
  const extra = Object.keys(rest)[0]
  if (extra !== undefined) invalid(`${extra}: not an attribute of a proxy update (expected {"allow_restart", "proxy"})`)
  if (allowRestart !== undefined && typeof allowRestart !== 'boolean') invalid('allow_restart: expected a boolean')
  if (typeof proxy !== 'object' || proxy === null || Array.isArray(proxy)) invalid('proxy: expected an object')
  const template = services.catalogue.setup.proxyTemplate
  const changes: JsonObject = {}
  for (const [key, value] of Object.entries(proxy)) {
    if (key === 'uid' || !Object.hasOwn(template, key)) invalid(`proxy.${key}: not a settable proxy attribute`)
    const expected = typeof template[key]
    if (typeof value !== expected || (expected === 'number' && !Number.isInteger(value))) invalid(`proxy.${key}: expected ${expected === 'number' ? 'an integer' : `a ${expected}`}`)
    const range = RANGES[key]
    if (range && ((value as number) < range[0] || (value as number) > range[1])) invalid(`proxy.${key}: must be between ${range[0]} and ${range[1]}`)
    if (typeof value === 'number' && !range && value < 0) invalid(`proxy.${key}: must not be negative`)
    if (key === 'log_level' && !LOG_LEVELS.includes(value as string)) invalid(`proxy.log_level: must be one of ${LOG_LEVELS.join(', ')}`)
    changes[key] = value
  }
  return changes
}

async function applyToProxies(services: Services, uids: number[], changes: JsonObject): Promise<void> {
  await services.store.mutate<RedisEnterpriseSlice>(PROVIDER_ID, (draft) => {
    const proxies = draftClusterRecord(draft).proxies
    for (const uid of uids) proxies[String(uid)] = { ...proxies[String(uid)], ...changes }
  })
}

export function proxyRoutes(router: Router, services: Services): void {
  const nodeUids = () => Array.from({ length: services.settings.nodes }, (_, i) => i + 1)
  router.get('/v1/proxies', can('view_all_proxies_info'), (_req, res) => {
    const current = readSlice(services)
    res.json(nodeUids().map((uid) => buildProxy(services, current, uid)))
  })
  router.get('/v1/proxies/:uid', can('view_proxy_info'), (req, res) => {
    res.json(buildProxy(services, readSlice(services), findProxyUid(services, param(req, 'uid'))))
  })
  // D:requests/proxies: "200 (status only)"
  router.put('/v1/proxies/:uid', can('update_proxy'), async (req, res) => {
    const uid = findProxyUid(services, param(req, 'uid'))
    await applyToProxies(services, [uid], proxyChanges(services, req.body ?? {}))
    emptyOk(res)
  })
  router.put('/v1/proxies', can('update_proxy'), async (req, res) => {
    await applyToProxies(services, nodeUids(), proxyChanges(services, req.body ?? {}))
    emptyOk(res)
  })
}
