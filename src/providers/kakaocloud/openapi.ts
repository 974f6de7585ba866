// KakaoCloud Advanced Managed Redis (MemStore, seed 001, reference §2-§7) and its Keystone token endpoint (reference
// §1) as the emulator answers them: the source of its OpenAPI document. Two envelopes: Keystone's on /identity/,
// MemStore's on /v1 (errors.ts renderError).
import { z } from 'zod'
import type { ApiDescription, Operation, ResponseSpec } from '../../core/openapi.js'
import {
  backupListBody,
  clusterBody,
  clusterListBody,
  flavorsBody,
  keystoneError,
  memstoreError,
  memstoreErrorBody,
  objectIdBody,
  parameterGroupListBody,
  tokenResponseBody,
  versionsBody,
} from './responses.js'
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

const TOKENS = '/identity/v3/auth/tokens'

const memstore = (status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 500, description: string): ResponseSpec => ({ description, body: memstoreError(status) })
const keystone = (status: number, description: string): ResponseSpec => ({ description, body: keystoneError(status) })

/** What every Keystone call can answer besides its success (the MemStore common answers never apply on /identity/). */
function keystoneCommon(): Record<number, ResponseSpec> {
  return {
    400: keystone(400, "Keystone's ValidationError: a body that is missing, not JSON, or not the schema; a missing X-Subject-Token"),
    413: keystone(413, 'a body over the size limit'),
    500: keystone(500, 'the state could not be written (a full disk)'),
  }
}

/** The subject-token calls (GET/HEAD/DELETE): X-Auth-Token names the caller, X-Subject-Token the token acted on. */
function subjectErrors(): Record<number, ResponseSpec> {
  return {
    ...keystoneCommon(),
    401: keystone(401, 'X-Auth-Token missing, unknown or expired'),
    403: keystone(403, "Keystone's policy: another user's token needs the admin role (service too, to validate)"),
    404: keystone(404, 'X-Subject-Token unknown, expired or revoked (TokenNotFound)'),
  }
}

const SUBJECT_HEADER = { 'X-Subject-Token': 'the subject token' }

function identityOperations(): Operation[] {
  return [
    {
      method: 'post',
      path: TOKENS,
      operationId: 'issueToken',
      summary: 'Issue a token for an application credential (access key)',
      tag: 'identity',
      source: 'reference §1 (Keystone v3 application_credential; method 2 by name and user is inferred)',
      secured: false,
      body: { schema: tokenRequestBody() },
      responses: {
        201: { description: 'the token: its id in X-Subject-Token, valid 12 hours', body: tokenResponseBody(), headers: { 'X-Subject-Token': 'the new token' } },
        ...keystoneCommon(),
        401: keystone(401, 'unknown access key or wrong secret, or a method other than application_credential'),
      },
    },
    {
      method: 'get',
      path: TOKENS,
      operationId: 'validateToken',
      summary: 'Validate a token (X-Subject-Token) and read it',
      tag: 'identity',
      source: 'reference §1 [SDK]; policy rules inferred from Keystone defaults',
      responses: { 200: { description: 'the subject token', body: tokenResponseBody(), headers: SUBJECT_HEADER }, ...subjectErrors() },
    },
    {
      method: 'head',
      path: TOKENS,
      operationId: 'checkToken',
      summary: 'Check a token (X-Subject-Token) without a body',
      tag: 'identity',
      source: 'inferred: Keystone v3 check_token (reference §1 names only GET)',
      responses: { 200: { description: 'the subject token is valid', headers: SUBJECT_HEADER }, ...subjectErrors() },
    },
    {
      method: 'delete',
      path: TOKENS,
      operationId: 'revokeToken',
      summary: 'Revoke a token (X-Subject-Token)',
      tag: 'identity',
      source: 'reference §1 ("it may be revoked earlier"); the call is inferred from Keystone v3',
      responses: { 204: { description: 'revoked' }, ...subjectErrors() },
    },
  ]
}

function memstoreOperations(): Operation[] {
  const ID = z.string().meta({ description: "the cluster's (or instance set's) objectId; another project's is a 404" })
  const notFound = memstore(404, 'no such cluster in the project')
  const invalid = memstore(400, 'a body or query that breaks the documented rules')
  return [
    {
      method: 'get',
      path: '/v1/redis/versions',
      operationId: 'listVersions',
      summary: 'The engine versions on offer',
      tag: 'common',
      source: 'seed 001 (reference §3)',
      responses: { 200: { description: 'the versions', body: versionsBody() } },
    },
    {
      method: 'get',
      path: '/v1/redis/flavors',
      operationId: 'listFlavors',
      summary: 'The node flavors on offer',
      tag: 'common',
      source: 'seed 001 (reference §3)',
      responses: { 200: { description: 'the flavors (memory in GiB)', body: flavorsBody() } },
    },
    {
      method: 'get',
      path: '/v1/clusters',
      operationId: 'listClusters',
      summary: "The project's clusters and instance sets",
      tag: 'clusters',
      source: 'seed 001 (reference §2: filter by parameter group id or name)',
      query: listClustersQuery(),
      responses: { 200: { description: 'the clusters', body: clusterListBody() }, 400: invalid },
    },
    {
      method: 'get',
      path: '/v1/clusters/{id}',
      operationId: 'getCluster',
      summary: 'One cluster or instance set',
      tag: 'clusters',
      source: 'seed 001 (reference §3)',
      pathParams: { id: ID },
      responses: { 200: { description: 'the cluster', body: clusterBody() }, 404: notFound },
    },
    {
      method: 'post',
      path: '/v1/clusters',
      operationId: 'createCluster',
      summary: 'Create a cluster (cluster mode on)',
      tag: 'clusters',
      source: 'reference §4 (memstore-api-cluster-mode); bounds it does not give are inferred',
      realRedis: 'starts a redis-server (the requested port when free): a one-node Redis Cluster, maxmemory the flavor\'s memory, the DB user as the only login when one is given; 400 quota exceeded when no server can start',
      body: { schema: createClusterBody() },
      responses: {
        201: { description: 'the new cluster, Creating until it runs', body: objectIdBody() },
        400: invalid,
        409: memstore(409, 'a cluster of that name exists in the project (inferred)'),
      },
    },
    {
      method: 'post',
      path: '/v1/instance-sets',
      operationId: 'createInstanceSet',
      summary: 'Create an instance set (cluster mode off)',
      tag: 'clusters',
      source: 'reference §4 (memstore-api-disabled-cluster-mode); bounds it does not give are inferred',
      realRedis: 'starts a redis-server (the requested port when free): maxmemory the flavor\'s memory, the DB user as the only login when one is given; 400 quota exceeded when no server can start',
      body: { schema: createInstanceSetBody() },
      responses: {
        201: { description: 'the new instance set, Creating until it runs', body: objectIdBody() },
        400: invalid,
        409: memstore(409, 'a cluster of that name exists in the project (inferred)'),
      },
    },
    {
      method: 'delete',
      path: '/v1/clusters/{id}',
      operationId: 'deleteCluster',
      summary: 'Delete a cluster or instance set',
      tag: 'clusters',
      source: 'inferred: reference §2 [GAP] gives no delete path; REST style',
      realRedis: 'stops the redis-server as the cluster starts Deleting',
      pathParams: { id: ID },
      responses: {
        200: { description: 'Deleting, then gone', body: objectIdBody() },
        404: notFound,
        409: memstore(409, 'the cluster is not Running, or a backup of it is in progress (inferred)'),
      },
    },
    {
      method: 'delete',
      path: '/v1/instance-sets/{id}',
      operationId: 'deleteInstanceSet',
      summary: 'Delete an instance set',
      tag: 'clusters',
      source: 'inferred: reference §2 [GAP] gives no delete path; REST style',
      realRedis: 'stops the redis-server as the instance set starts Deleting',
      pathParams: { id: ID },
      responses: {
        200: { description: 'Deleting, then gone', body: objectIdBody() },
        404: memstore(404, 'no such instance set in the project (a cluster-mode cluster is not one)'),
        409: memstore(409, 'the instance set is not Running, or a backup of it is in progress (inferred)'),
      },
    },
    {
      method: 'post',
      path: '/v1/clusters/{id}/parameter-group/apply',
      operationId: 'applyParameterGroup',
      summary: 'Re-apply the parameter group when its sync status is not In-Sync',
      tag: 'clusters',
      source: 'seed 001 (reference §3: 400, no 409)',
      pathParams: { id: ID },
      responses: {
        200: { description: 'Modifying, then Running and In-Sync', body: objectIdBody() },
        400: memstore(400, 'the cluster is not Running, or its parameter group is already In-Sync'),
        404: notFound,
      },
    },
    {
      method: 'put',
      path: '/v1/_emulator/clusters/{id}/parameter-group-sync-status',
      operationId: 'forceParameterGroupSyncStatus',
      summary: 'Emulator only: force a parameter-group sync status, so that re-applying can be tested',
      tag: 'clusters',
      source: 'inferred: emulator-only test hook, not a KakaoCloud API (the sync statuses are seed 001’s)',
      pathParams: { id: ID },
      body: { schema: forceSyncStatusBody() },
      responses: { 200: { description: 'the cluster with the forced status', body: clusterBody() }, 400: invalid, 404: notFound },
    },
    {
      method: 'get',
      path: '/v1/parameter-groups',
      operationId: 'listParameterGroups',
      summary: 'The default parameter groups and the project’s custom ones',
      tag: 'parameter-groups',
      source: 'reference §4 (memstore-api-parameter); the list shape is inferred',
      query: listParameterGroupsQuery(),
      responses: { 200: { description: 'the parameter groups', body: parameterGroupListBody() }, 400: invalid },
    },
    {
      method: 'post',
      path: '/v1/parameter-groups',
      operationId: 'createParameterGroup',
      summary: 'Create a parameter group as a copy of a base group',
      tag: 'parameter-groups',
      source: 'reference §4 (memstore-api-parameter); name rules inferred',
      body: { schema: createParameterGroupBody() },
      responses: {
        201: { description: 'the new group', body: objectIdBody() },
        400: invalid,
        404: memstore(404, 'no such base parameter group'),
        409: memstore(409, 'a parameter group of that name exists (inferred)'),
      },
    },
    {
      method: 'get',
      path: '/v1/backups',
      operationId: 'listBackups',
      summary: "The project's backups",
      tag: 'backups',
      source: 'reference §4 (memstore-api-backup)',
      query: listBackupsQuery(),
      responses: { 200: { description: 'the backups', body: backupListBody() }, 400: invalid },
    },
    {
      method: 'post',
      path: '/v1/backups',
      operationId: 'createBackup',
      summary: 'Back a cluster up (manual backup)',
      tag: 'backups',
      source: 'reference §4 (memstore-api-backup: 409 for its preconditions and duplicates)',
      body: { schema: createBackupBody() },
      responses: {
        201: { description: 'the new backup, Creating until Available', body: objectIdBody() },
        400: invalid,
        404: notFound,
        409: memstore(409, 'the cluster is not Running, has no replica, already has a backup in progress, or the name is taken'),
      },
    },
  ]
}

let described: ApiDescription | undefined

export function kakaocloudApi(): ApiDescription {
  return (described ??= {
    title: 'KakaoCloud Advanced Managed Redis (as emulated by redis-cloud-emulator)',
    version: 'v1',
    description:
      'The MemStore API (/v1, seed 001 and reference §2-§4) and the IAM token endpoint (/identity/v3/auth/tokens, Keystone v3, reference §1) on one port. MemStore answers JSON as `application/json; charset=UTF-8` and errors as `{"error": {"code": "<string>", "message"}}`; the identity routes answer Keystone\'s `{"error": {"code": <status>, "message", "title"}}`.',
    securitySchemes: {
      xAuthToken: { type: 'apiKey', in: 'header', name: 'X-Auth-Token', description: 'a token from POST /identity/v3/auth/tokens (its X-Subject-Token answer header), or the ready-made one in the banner' },
    },
    errorBody: memstoreErrorBody(),
    commonErrors: {
      400: memstore(400, 'a body that is missing, not JSON, not sent as JSON or nested too deep'),
      413: memstore(413, 'a body over the size limit'),
      500: memstore(500, 'the state could not be written (a full disk)'),
    },
    unknownRoute: {
      404: {
        description: "no route for this method and path: MemStore's envelope, Keystone's under /identity/",
        body: z.union([memstoreError(404), keystoneError(404)]),
      },
      405: keystone(405, 'another method on /identity/v3/auth/tokens'),
    },
    securedErrors: {
      401: memstore(401, 'X-Auth-Token missing, unknown or expired'),
      403: memstore(403, "the token's role does not allow the call (reader: GET only; no role: nothing)"),
    },
    tags: {
      identity: 'KakaoCloud IAM tokens (Keystone v3 application credentials, reference §1)',
      common: 'Engine versions and flavors (seed 001)',
      clusters: 'Clusters (cluster mode) and instance sets (seed 001, reference §4)',
      'parameter-groups': 'Parameter groups (reference §4)',
      backups: 'Manual backups (reference §4)',
    },
    operations: [...identityOperations(), ...memstoreOperations()],
  })
}
