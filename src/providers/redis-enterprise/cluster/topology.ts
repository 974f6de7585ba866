// The cluster's read-only companions (reference §6): nodes, shards and modules, in the captured shapes.
import type { Router } from 'express'
import { requirePermission as can } from '../auth.js'
import { allShards, buildNode, buildShard } from '../cluster.js'
import { reError } from '../errors.js'
import type { JsonObject, RedisEnterpriseSlice } from '../model.js'
import { readSlice, type Services } from '../service.js'
import { requireUidParam } from '../uids.js'
import { param } from './http.js'
import { clusterRecord } from './state.js'

/** A node as GET /v1/nodes answers it; node 1 is the bootstrapped one and carries the identity its request gave. */
function node(services: Services, slice: RedisEnterpriseSlice, uid: number): JsonObject {
  const built = buildNode(services.catalogue, slice, services.settings, uid)
  return uid === 1 ? { ...built, ...clusterRecord(slice).node } : built
}

export function topologyRoutes(router: Router, services: Services): void {
  const { catalogue, settings } = services
  router.get('/v1/nodes', can('view_all_nodes_info'), (_req, res) => {
    const current = readSlice(services)
    res.json(Array.from({ length: settings.nodes }, (_, i) => node(services, current, i + 1)))
  })
  router.get('/v1/nodes/:uid', can('view_node_info'), (req, res) => {
    const uid = requireUidParam(param(req, 'uid'))
    if (uid > settings.nodes) throw reError('node_not_exist', `Node ${uid} does not exist`)
    res.json(node(services, readSlice(services), uid))
  })
  // one route per path (not an array): each is a route of its own in the router's table and the OpenAPI document
  for (const path of ['/v1/modules', '/v2/modules']) {
    router.get(path, can('view_cluster_modules'), (_req, res) => {
      res.json(catalogue.modules)
    })
  }
  router.get('/v1/shards', can('view_all_shards_info'), (_req, res) => {
    res.json(allShards(readSlice(services), settings.nodes).map((s) => buildShard(catalogue, s, 'active')))
  })
}
