// KakaoCloud route table: the IAM token endpoint (Keystone) and the MemStore /v1 routes behind X-Auth-Token.
import { Router, type Request, type Response } from 'express'
import { requestNow, type ProviderContext } from '../../core/provider.js'
import { baseUrlOf, callerOf, issueToken, requireToken, revokeToken, subjectToken, tokenBody } from './auth.js'
import { jsonBody } from './body.js'
import { coreError, kcError } from './errors.js'
import {
  createBackupBody,
  createClusterBody,
  createInstanceSetBody,
  createParameterGroupBody,
  forceSyncStatusBody,
  listBackupsQuery,
  listClustersQuery,
  listParameterGroupsQuery,
  tokenRequestBody,
} from './schemas.js'
import { KakaocloudService } from './service.js'
import { sendMemstoreJson } from './model.js'

const TOKENS_PATH = '/identity/v3/auth/tokens'

function identityRoutes(ctx: ProviderContext): Router {
  const router = Router()
  router.post(TOKENS_PATH, async (req, res) => {
    const { tokenId, token } = await issueToken(ctx, tokenRequestBody().parse(jsonBody(req)), requestNow(res))
    res.status(201).set('X-Subject-Token', tokenId).json(tokenBody(ctx, token, baseUrlOf(req)))
  })
  // Before GET: Express would otherwise answer HEAD with the GET route (validate_token, not check_token).
  router.head(TOKENS_PATH, (req, res) => {
    const { tokenId } = subjectToken(ctx, req, requestNow(res), 'identity:check_token')
    res.status(200).set('X-Subject-Token', tokenId).end()
  })
  router.get(TOKENS_PATH, (req, res) => {
    const { tokenId, token } = subjectToken(ctx, req, requestNow(res), 'identity:validate_token')
    res.status(200).set('X-Subject-Token', tokenId).json(tokenBody(ctx, token, baseUrlOf(req)))
  })
  router.delete(TOKENS_PATH, async (req, res) => {
    const { tokenId } = subjectToken(ctx, req, requestNow(res), 'identity:revoke_token')
    await revokeToken(ctx, tokenId)
    res.status(204).end()
  })
  router.all(TOKENS_PATH, (req) => {
    throw kcError('MethodNotAllowed', `the method ${req.method} is not allowed for the requested URL`)
  })
  return router
}

function memstoreRoutes(ctx: ProviderContext): Router {
  const service = new KakaocloudService(ctx)
  const router = Router()
  const now = (res: Response) => requestNow(res)
  const id = (req: Request) => String(req.params.id)
  router.use('/v1', requireToken(ctx))

  // seed 001: common API
  router.get('/v1/redis/versions', (_req, res) => {
    sendMemstoreJson(res, 200, service.versions())
  })
  router.get('/v1/redis/flavors', (_req, res) => {
    sendMemstoreJson(res, 200, service.flavors())
  })
  router.get('/v1/clusters', (req, res) => {
    sendMemstoreJson(res, 200, service.listClusters(callerOf(res), listClustersQuery().parse(req.query)))
  })
  router.get('/v1/clusters/:id', (req, res) => {
    sendMemstoreJson(res, 200, service.getCluster(callerOf(res), id(req)))
  })
  router.post('/v1/clusters/:id/parameter-group/apply', async (req, res) => {
    sendMemstoreJson(res, 200, await service.applyParameterGroup(callerOf(res), id(req), now(res)))
  })

  // reference §4: create flows answer 201 {objectId}
  router.post('/v1/clusters', async (req, res) => {
    sendMemstoreJson(res, 201, await service.createCluster(callerOf(res), createClusterBody().parse(jsonBody(req)), now(res)))
  })
  router.post('/v1/instance-sets', async (req, res) => {
    sendMemstoreJson(res, 201, await service.createInstanceSet(callerOf(res), createInstanceSetBody().parse(jsonBody(req)), now(res)))
  })
  // reference §2 [GAP]: the delete paths were not retrieved; REST-style paths are inferred.
  router.delete('/v1/clusters/:id', async (req, res) => {
    sendMemstoreJson(res, 200, await service.deleteCluster(callerOf(res), id(req), now(res)))
  })
  router.delete('/v1/instance-sets/:id', async (req, res) => {
    sendMemstoreJson(res, 200, await service.deleteCluster(callerOf(res), id(req), now(res), true))
  })

  router.get('/v1/parameter-groups', (req, res) => {
    sendMemstoreJson(res, 200, service.listParameterGroups(callerOf(res), listParameterGroupsQuery().parse(req.query)))
  })
  router.post('/v1/parameter-groups', async (req, res) => {
    sendMemstoreJson(res, 201, await service.createParameterGroup(callerOf(res), createParameterGroupBody().parse(jsonBody(req)), now(res)))
  })

  router.get('/v1/backups', (req, res) => {
    sendMemstoreJson(res, 200, service.listBackups(callerOf(res), listBackupsQuery().parse(req.query)))
  })
  router.post('/v1/backups', async (req, res) => {
    sendMemstoreJson(res, 201, await service.createBackup(callerOf(res), createBackupBody().parse(jsonBody(req)), now(res)))
  })

  // Emulator-only (not a KakaoCloud API): force a parameter-group sync status so the re-apply call can be tested.
  router.put('/v1/_emulator/clusters/:id/parameter-group-sync-status', async (req, res) => {
    const { parameterGroupSyncStatus } = forceSyncStatusBody().parse(jsonBody(req))
    sendMemstoreJson(res, 200, await service.forceParameterGroupSyncStatus(callerOf(res), id(req), parameterGroupSyncStatus))
  })

  // This router would answer OPTIONS itself (200, an Allow list in text/plain); nothing shows KakaoCloud does, so
  // OPTIONS is a method without a route like any other (inferred): the token check on /v1 first, then 404 "no route".
  router.options(/.*/, (req: Request) => {
    throw coreError('route_not_found', `no route for ${req.method} ${req.path}`)
  })
  return router
}

export function kakaocloudRouter(ctx: ProviderContext): Router {
  const router = Router()
  router.use(identityRoutes(ctx))
  router.use(memstoreRoutes(ctx))
  return router
}
