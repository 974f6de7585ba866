// DNS suffixes (reference §13): GET /v1/suffixes and GET /v1/suffix/{name}, read-only; set by the bootstrap request.
import type { Router } from 'express'
import type { Catalogue, JsonObject, RedisEnterpriseSlice } from '../model.js'
import { requirePermission as can } from '../auth.js'
import { readSlice, type Services } from '../service.js'
import { clusterError } from './errors.js'
import { param } from './http.js'
import { clusterName } from './settings.js'
import { clusterRecord } from './state.js'

/** D:objects/suffix, keys alphabetical. */
export function suffixObject(name: string, fields: { default?: boolean; internal?: boolean; use_aaaa_ns?: boolean; slaves?: string[] } = {}): JsonObject {
  return { default: fields.default ?? false, internal: fields.internal ?? false, mdns: false, name, slaves: fields.slaves ?? [], use_aaaa_ns: fields.use_aaaa_ns ?? false }
}

/** The cluster's suffixes: the bootstrapped ones, else one default suffix named after the cluster (INF, reference §13). */
export function buildSuffixes(catalogue: Catalogue, slice: RedisEnterpriseSlice): JsonObject[] {
  return clusterRecord(slice).suffixes ?? [suffixObject(clusterName(catalogue, slice), { default: true })]
}

/** The zone database endpoints are named in: `redis-<port>.<default suffix>` (redis-enterprise.md §2.3). */
export function endpointDomain(catalogue: Catalogue, slice: RedisEnterpriseSlice): string {
  return (buildSuffixes(catalogue, slice).find((s) => s.default)?.name as string | undefined) ?? clusterName(catalogue, slice)
}

export function suffixRoutes(router: Router, services: Services): void {
  // reference §13: no permission is listed; every management role may read them (INF, like the cluster object)
  router.get('/v1/suffixes', can('view_cluster_info'), (_req, res) => {
    res.json(buildSuffixes(services.catalogue, readSlice(services)))
  })
  router.get('/v1/suffix/:name', can('view_cluster_info'), (req, res) => {
    const name = param(req, 'name')
    const found = buildSuffixes(services.catalogue, readSlice(services)).find((s) => s.name === name)
    if (!found) throw clusterError('suffix_not_exist', `Suffix ${name} does not exist`)
    res.json(found)
  })
}
