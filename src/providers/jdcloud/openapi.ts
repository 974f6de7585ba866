// JDCloud JCS for Redis API v1 as the emulator answers it (seed 000, reference jdcloud-redis.md and
// jdcloud-redis-more.md): the source of its OpenAPI document. The 10 core operations are here; each group's are in its
// own openapi.ts. Operation ids are the SDK method names.
import { z } from 'zod'
import type { ApiDescription, Operation } from '../../core/openapi.js'
import { errorBody } from './errors.js'
import { done, failure, instanceOperation, precondition, regionOperation, result } from './openapi-kit.js'
import { listQuerySchema } from './query.js'
import { clusterInfoResult, createResult, instanceClassListResult, instanceListResult, instanceResult, orderNumResult, quotaResult } from './responses.js'
import {
  createCacheInstanceBody,
  modifyCacheInstanceAttributeBody,
  modifyCacheInstanceClassBody,
  resetCacheInstancePasswordBody,
} from './schemas.js'
import { REDIS_VERSIONS } from './model.js'
import { accountOperations } from './accounts/openapi.js'
import { analysisOperations } from './analysis/openapi.js'
import { backupOperations } from './backups/openapi.js'
import { catalogueOperations } from './catalogue/openapi.js'
import { clearDataOperations } from './clear-data/openapi.js'
import { configOperations } from './config/openapi.js'
import { diagnosticsOperations } from './diagnostics/openapi.js'
import { securityOperations } from './security/openapi.js'
import { taskOperations } from './tasks/openapi.js'

const TAG = 'cacheInstance'

function coreOperations(): Operation[] {
  return [
    regionOperation({
      method: 'post',
      sub: 'cacheInstance',
      operationId: 'createCacheInstance',
      summary: 'Create an instance (status creating, then running)',
      tag: TAG,
      source: 'seed 000; reference jdcloud-redis.md §2, §3 (CacheInstanceSpec, ChargeSpec)',
      realRedis: 'starts a redis-server for the instance (its password, the class memory as maxmemory); the instance is running once it answers PING',
      body: { schema: createCacheInstanceBody() },
      responses: {
        200: result('the new instance id and order number', createResult()),
        400: failure('INVALID_ARGUMENT: a bad spec (name, password, class, zone, charge rules) or region'),
        429: failure('QUOTA_EXCEEDED: the account has used its instance quota in this region (describeUserQuota), or no more real servers can start'),
      },
    }),
    regionOperation({
      method: 'get',
      sub: 'cacheInstance',
      operationId: 'describeCacheInstances',
      summary: 'The account’s instances in the region, filtered, sorted and paged',
      tag: TAG,
      source: 'seed 000; reference jdcloud-redis.md §2 (filters, sorts, query encoding of arrays)',
      query: listQuerySchema(),
      responses: { 200: result('a page of instances, newest first unless sorted, and the total', instanceListResult()) },
    }),
    instanceOperation({
      method: 'get',
      sub: '',
      operationId: 'describeCacheInstance',
      summary: 'One instance',
      tag: TAG,
      source: 'seed 000; reference jdcloud-redis.md §2, §3 (CacheInstance)',
      responses: { 200: result('the instance', instanceResult()) },
    }),
    instanceOperation({
      method: 'patch',
      sub: '',
      operationId: 'modifyCacheInstanceAttribute',
      summary: 'Rename an instance or change its description',
      tag: TAG,
      source: 'seed 000; reference jdcloud-redis.md §2; inferred: an instance being deleted takes no change',
      body: { schema: modifyCacheInstanceAttributeBody() },
      responses: { 200: done('changed'), 400: precondition('the instance is deleting') },
    }),
    instanceOperation({
      method: 'delete',
      sub: '',
      operationId: 'deleteCacheInstance',
      summary: 'Delete an instance (status deleting, then gone)',
      tag: TAG,
      source: 'seed 000 (running or error only; prepaid rules); reference jdcloud-redis.md §2',
      realRedis: 'stops the instance’s redis-server',
      responses: {
        200: done('deletion started'),
        400: precondition('the instance is not running or error, or is prepaid and unexpired, or prepaid on a white-listed account'),
      },
    }),
    instanceOperation({
      method: 'post',
      sub: ':modifyCacheInstanceClass',
      operationId: 'modifyCacheInstanceClass',
      summary: 'Change the instance class (status changing, then running; a resize task)',
      tag: TAG,
      source: 'seed 000 (running only, a different class, prepaid memory rules); reference jdcloud-redis.md §2',
      realRedis: 'sets maxmemory to the new class memory when the change finishes',
      body: { schema: modifyCacheInstanceClassBody() },
      responses: {
        200: result('the order number', orderNumResult()),
        400: precondition('the instance is not running, the class is the current one, or a prepaid memory rule is broken'),
      },
    }),
    instanceOperation({
      method: 'post',
      sub: ':resetCacheInstancePassword',
      operationId: 'resetCacheInstancePassword',
      summary: 'Set or clear the instance password',
      tag: TAG,
      source: 'seed 000; reference jdcloud-redis.md §2; inferred: running instances only, as the console',
      realRedis: 'sets requirepass (the default user’s password) on the server',
      body: { schema: resetCacheInstancePasswordBody(), required: false },
      responses: { 200: done('the password is set (empty or absent: no password)'), 400: precondition('the instance is not running') },
    }),
    instanceOperation({
      method: 'get',
      sub: '/clusterInfo',
      operationId: 'describeClusterInfo',
      summary: 'The proxies and shards of an instance',
      tag: TAG,
      source: 'reference jdcloud-redis.md §2, §3 (ClusterInfo as arrays)',
      responses: { 200: result('one proxy per shard for a cluster, none for master-slave', clusterInfoResult()) },
    }),
    regionOperation({
      method: 'get',
      sub: 'instanceClass',
      operationId: 'describeInstanceClass',
      summary: 'The instance classes sold in the region for a Redis version',
      tag: 'catalogue',
      source: 'seed 000; reference jdcloud-redis.md §2, §3 (InstanceClass)',
      query: z.object({ redisVersion: z.enum(REDIS_VERSIONS).optional().meta({ description: 'default 2.8' }) }),
      responses: { 200: result('the classes and their count', instanceClassListResult()) },
    }),
    regionOperation({
      method: 'get',
      sub: 'quota',
      operationId: 'describeUserQuota',
      summary: 'The account’s instance quota in the region',
      tag: 'catalogue',
      source: 'seed 000; reference jdcloud-redis.md §2, §3 (Quota)',
      responses: { 200: result('the quota createCacheInstance enforces', quotaResult()) },
    }),
  ]
}

let described: ApiDescription | undefined

export function jdcloudApi(): ApiDescription {
  return (described ??= {
    title: 'JDCloud JCS for Redis (as emulated by redis-cloud-emulator)',
    version: 'v1',
    description:
      'The redis v1 service (seed 000; SDK revision 2.6.24): the 10 core instance operations, the 42 further ones and the ten "…2" analysis endpoints. ' +
      'Action paths carry a literal colon (`…/cacheInstance/{cacheInstanceId}:resetCacheInstancePassword`); Node and Go SDKs send it as %3A, which is accepted alike. ' +
      'Bodies are JSON; unknown keys are ignored and null counts as absent (the Python SDK sends every parameter). ' +
      'Success is HTTP 200 {"requestId", "result"} (or {"requestId"} alone for actions without result fields); errors are {"requestId", "error": {"code", "status", "message"}} with code = the HTTP status.',
    securitySchemes: {
      jdcloudSignature: {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description:
          'JDCloud request signature (reference jdcloud-redis.md §5, an AWS SigV4 derivative): ' +
          '`JDCLOUD2-HMAC-SHA256 Credential={accessKeyId}/{yyyyMMdd}/{regionId}/redis/jdcloud2_request, SignedHeaders={h1;h2;…}, Signature={64 hex}` ' +
          '(JDCLOUD3-HMAC-SHA256 … /jdcloud3_request alike). The signed headers include `x-jdcloud-date` (yyyyMMddTHHmmssZ, within the allowed skew of the server clock), ' +
          '`x-jdcloud-nonce` (each nonce accepted once inside the date window) and `host`; the canonical request covers the method, the RFC 3986 path and query, ' +
          'the signed headers and the SHA-256 of the raw body; the key is HMAC-SHA256 chained from "JDCLOUD2"+secret over date, region, service and terminator. ' +
          'The credential region must be the path’s regionId. With --jdcloud-verify-signatures false the access key in the Credential (or the default account) identifies the caller unchecked.',
      },
    },
    errorBody: errorBody(),
    commonErrors: {
      400: 'INVALID_ARGUMENT: a body that is not a JSON object or is nested too deep, a bad parameter, or an unknown region',
      413: 'INVALID_ARGUMENT: a body over the size limit',
      500: 'INTERNAL: the state could not be written (a full disk)',
    },
    unknownRoute: { 404: 'NOT_FOUND: no route for this method and path' },
    securedErrors: {
      401: 'UNAUTHENTICATED: no or a malformed Authorization header, an unknown access key, a wrong service or region in the credential, a missing or skewed x-jdcloud-date, a reused nonce, or a signature that does not match',
    },
    tags: {
      cacheInstance: 'Instances (seed 000, reference jdcloud-redis.md §2)',
      catalogue: 'Instance classes, quota, regions, resources and specs (reference jdcloud-redis.md §2; jdcloud-redis-more.md §12, §13)',
      accounts: 'Per-instance Redis accounts (reference jdcloud-redis-more.md §2)',
      backups: 'Backups, restore and the automatic backup policy (reference jdcloud-redis-more.md §3, §4)',
      security: 'The IP whitelist (reference jdcloud-redis-more.md §5)',
      config: 'Parameters and disabled commands (reference jdcloud-redis-more.md §6, §7)',
      diagnostics: 'Slow log and client connections (reference jdcloud-redis-more.md §8)',
      analysis: 'Cache, big-key and hot-key analysis (reference jdcloud-redis-more.md §9, Appendix A)',
      clearData: 'Clearing data (reference jdcloud-redis-more.md §10)',
      tasks: 'Task progress (reference jdcloud-redis-more.md §11)',
    },
    operations: [
      ...coreOperations(),
      ...catalogueOperations(),
      ...diagnosticsOperations(),
      ...clearDataOperations(),
      ...analysisOperations(),
      ...taskOperations(),
      ...accountOperations(),
      ...backupOperations(),
      ...securityOperations(),
      ...configOperations(),
    ],
    // the presigned backup download answers binary bytes; everything else is JSON
    decodeBody: (mediaType, text) => (mediaType === 'application/octet-stream' ? text : JSON.parse(text)),
  })
}
