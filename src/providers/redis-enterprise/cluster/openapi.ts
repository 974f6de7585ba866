// Redis Enterprise: the cluster group's operations for the OpenAPI document (see ../openapi.ts for what they share):
// bootstrap, the cluster object and its policy and services, certificates, licence, OCSP, proxies, suffixes and the
// read-only topology (nodes, modules, shards).
import { z } from 'zod'
import type { Operation, ResponseSpec } from '../../../core/openapi.js'
import { EMPTY_OK, errorAnswer, errorEnvelope } from '../openapi.js'
import { bootstrapSchema } from './bootstrap.js'
import { certificateEntry, putCertificatesSchema, REQUIRED_CERTIFICATES, OPTIONAL_CERTIFICATES } from './certificates.js'
import { putLicenseSchema } from './license.js'
import { putOcspSchema } from './ocsp.js'
import { clusterSchemas } from './responses.js'
import { BOOTSTRAP_ACTIONS } from './state.js'

const TAG = 'cluster'

// (functions, not constants: no schema is built at import, issue #20)
const uidParam = (what: string) => z.int().min(1).meta({ description: `the ${what} uid; another segment answers 404 not_found` })
const dryRunQuery = (what: string) => z.object({ dry_run: z.string().optional().meta({ description: `a flag (its value is ignored): ${what}` }) })
const invalidSchema = (what: string) => errorAnswer(`invalid_schema: ${what}`)

/**
 * The bootstrap calls (D:requests/bootstrap, reference §2). An unbootstrapped node has no users: it answers these
 * before auth (cluster/bootstrap.ts bootstrapGate), so they need no credentials; once bootstrapped they are ordinary
 * secured routes, hence the 401/403 each lists itself.
 */
function bootstrapOperations(): Operation[] {
  const { bootstrapAnswer, bootstrapValidationFailure } = clusterSchemas()
  const action = z.enum(BOOTSTRAP_ACTIONS).meta({ description: 'create_cluster, join_cluster or recover_cluster; another segment answers 404 (503 on an unbootstrapped node)' })
  const onceBootstrapped: Record<number, ResponseSpec> = {
    401: { description: 'unauthorized: missing or wrong credentials (a bootstrapped cluster only)', body: errorEnvelope(), headers: { 'WWW-Authenticate': 'Basic realm="Redis Enterprise"' } },
    403: errorAnswer("insufficient_permissions: the caller's role lacks view_bootstrap_status (a bootstrapped cluster only)"),
  }
  const conflict = errorAnswer('bootstrap_in_progress: a bootstrap is running, or the node is already part of a cluster (inferred code; reference §2 gives 409)')
  const unknownAction = errorAnswer('not_found: no route for this action (a bootstrapped cluster)')
  return [
    {
      method: 'get',
      path: '/v1/bootstrap',
      operationId: 'getBootstrapStatus',
      summary: "The node's bootstrap state and its own description; needs no credentials before the bootstrap completes",
      tag: TAG,
      source: 'reference §2; D:requests/bootstrap (captures/bootstrap_status.json)',
      secured: false,
      responses: { 200: { description: 'bootstrap_status and local_node_info', body: bootstrapAnswer }, ...onceBootstrapped },
    },
    {
      method: 'post',
      path: '/v1/bootstrap/{action}',
      operationId: 'startBootstrap',
      summary: 'Create, join or recover a cluster; 200 with no body, then the state machine runs (poll GET /v1/bootstrap)',
      tag: TAG,
      source: 'reference §2; D:requests/bootstrap (states idle -> initiated -> creating/joining/recovering_cluster -> completed | error)',
      secured: false,
      pathParams: { action },
      body: { schema: bootstrapSchema() },
      responses: { 200: EMPTY_OK, 404: unknownAction, 409: conflict, ...onceBootstrapped },
    },
    {
      method: 'post',
      path: '/v1/bootstrap/validate/{action}',
      operationId: 'validateBootstrap',
      summary: 'Check a bootstrap request without starting it: 200 with no body when valid',
      tag: TAG,
      source: 'reference §2; D:requests/bootstrap/validate',
      secured: false,
      pathParams: { action },
      body: { schema: bootstrapSchema() },
      responses: {
        200: EMPTY_OK,
        404: unknownAction,
        406: {
          description: 'the request would fail: a bootstrap_status object with the documented error code; or, like any route, the envelope for a body that cannot be decoded',
          body: z.union([bootstrapValidationFailure, errorEnvelope()]),
        },
        409: conflict,
        ...onceBootstrapped,
      },
    },
  ]
}

function settingsOperations(): Operation[] {
  const { clusterAnswer, clusterUpdateBody, policyAnswer, policyUpdateBody, servicesAnswer, servicesUpdateBody } = clusterSchemas()
  const cluster = { description: 'the cluster object (captures/cluster.json keys)', body: clusterAnswer }
  const policy = { description: 'the cluster policy (D:objects/cluster_settings)', body: policyAnswer }
  const services = { description: 'the optional services and their operating mode (D:objects/services_configuration)', body: servicesAnswer }
  return [
    {
      method: 'get',
      path: '/v1/cluster',
      operationId: 'getCluster',
      summary: 'The cluster object (permission view_cluster_info)',
      tag: TAG,
      source: 'reference §5.1',
      responses: { 200: cluster },
    },
    {
      method: 'put',
      path: '/v1/cluster',
      operationId: 'updateCluster',
      summary: 'Change cluster attributes; answers the full updated object (permission update_cluster)',
      tag: TAG,
      source: 'reference §5.1; inferred: read-only attributes are accepted only with their current value',
      query: dryRunQuery('check and answer the would-be object, change nothing'),
      body: { schema: clusterUpdateBody },
      responses: { 200: cluster, 400: invalidSchema('not a JSON object, an unknown or read-only attribute, a value of another type, a bad alert setting') },
    },
    {
      method: 'get',
      path: '/v1/cluster/policy',
      operationId: 'getClusterPolicy',
      summary: 'The cluster policy (permission view_cluster_info)',
      tag: TAG,
      source: 'reference §5.2',
      responses: { 200: policy },
    },
    {
      method: 'put',
      path: '/v1/cluster/policy',
      operationId: 'updateClusterPolicy',
      summary: 'Change policy attributes; answers the updated policy (permission update_cluster)',
      tag: TAG,
      source: 'reference §5.2; inferred: the body of the answer (the page gives only the status)',
      body: { schema: policyUpdateBody },
      responses: { 200: policy, 400: invalidSchema('failed to set parameters: an unknown attribute, a value of another type or outside its enum') },
    },
    {
      method: 'put',
      path: '/v1/cluster/policy/restore_default',
      operationId: 'restoreClusterPolicy',
      summary: 'Back to the default policy; answers it (permission update_cluster)',
      tag: TAG,
      source: 'reference §1.3 (present on every probed version); inferred: body and answer are undocumented',
      responses: { 200: policy },
    },
    {
      method: 'get',
      path: '/v1/cluster/services_configuration',
      operationId: 'getServicesConfiguration',
      summary: 'The optional cluster services (permission view_cluster_info)',
      tag: TAG,
      source: 'reference §5.4',
      responses: { 200: services },
    },
    {
      method: 'put',
      path: '/v1/cluster/services_configuration',
      operationId: 'updateServicesConfiguration',
      summary: 'Enable or disable optional services; answers the updated object (permission update_cluster)',
      tag: TAG,
      source: 'reference §5.4',
      body: { schema: servicesUpdateBody },
      responses: { 200: services, 400: invalidSchema('an unknown service, or a setting other than {"operating_mode": "enabled" | "disabled"}') },
    },
  ]
}

function certificateOperations(): Operation[] {
  const { certificatesAnswer } = clusterSchemas()
  const names = [...REQUIRED_CERTIFICATES, ...OPTIONAL_CERTIFICATES]
  const refused: Record<number, ResponseSpec> = {
    400: errorAnswer('bad_request: a body other than the documented one; invalid_certificate: not a PEM certificate, or a missing or mismatched private key'),
    403: errorAnswer(`unknown_certificate: a name other than ${names.join(', ')}`),
    406: errorAnswer('certificate_expired'),
  }
  return [
    {
      method: 'get',
      path: '/v1/cluster/certificates',
      operationId: 'getClusterCertificates',
      summary: 'Every certificate of the cluster: <name>_cert and <name>_key (permission view_cluster_info)',
      tag: TAG,
      source: 'reference §5.3; D:objects/certificates',
      responses: { 200: { description: 'the certificates, keys alphabetical', body: certificatesAnswer } },
    },
    {
      method: 'put',
      path: '/v1/cluster/certificates',
      operationId: 'updateClusterCertificates',
      summary: 'Install certificates; every one is checked before any is replaced; 200 with no body (permission update_cluster)',
      tag: TAG,
      source: 'reference §5.3; D:requests/cluster/certificates (codes inferred)',
      body: { schema: putCertificatesSchema() },
      responses: { 200: EMPTY_OK, ...refused },
    },
    {
      method: 'put',
      path: '/v1/cluster/update_cert',
      operationId: 'updateClusterCertificate',
      summary: 'Install one certificate (deprecated since 7.22.2); 200 with no body (permission update_cluster)',
      tag: TAG,
      source: 'reference §5.3',
      body: { schema: certificateEntry() },
      responses: { 200: EMPTY_OK, ...refused },
    },
    {
      method: 'delete',
      path: '/v1/cluster/certificates/{name}',
      operationId: 'deleteClusterCertificate',
      summary: 'Delete an optional certificate; 200 with no body (permission update_cluster)',
      tag: TAG,
      source: 'reference §5.3; D:requests/cluster/certificates (403 required, 404 unknown; codes inferred)',
      pathParams: { name: z.string().meta({ description: `one of the optional certificates: ${OPTIONAL_CERTIFICATES.join(', ')}` }) },
      responses: {
        200: EMPTY_OK,
        403: errorAnswer(`required_certificate: ${REQUIRED_CERTIFICATES.join(', ')} cannot be deleted`),
        404: errorAnswer('certificate_not_exist: not an optional certificate, or not installed'),
      },
    },
  ]
}

function licenseOperations(): Operation[] {
  const { licenseAnswer } = clusterSchemas()
  return [
    {
      method: 'get',
      path: '/v1/license',
      operationId: 'getLicense',
      summary: "The cluster's licence and its use (permission view_license)",
      tag: TAG,
      source: 'reference §4 (captures/license.json)',
      responses: { 200: { description: 'the licence', body: licenseAnswer } },
    },
    {
      method: 'put',
      path: '/v1/license',
      operationId: 'updateLicense',
      summary: "Install a licence key (the emulator's own key format, README); 200 with no body (permission install_new_license)",
      tag: TAG,
      source: 'reference §4; D:requests/license (codes inferred)',
      query: dryRunQuery("check the key only (redisctl's license validate; inferred)"),
      body: { schema: putLicenseSchema() },
      responses: {
        200: EMPTY_OK,
        400: errorAnswer('bad_request: not {"license": "<key>"}; invalid_license: a corrupted key'),
        406: errorAnswer('license_violation: a key for another cluster, or fewer shards than the databases use'),
      },
    },
  ]
}

function ocspOperations(): Operation[] {
  const { ocspAnswer, ocspStatusAnswer } = clusterSchemas()
  const noResponder = errorAnswer('no_responder_url: the proxy certificate names no OCSP responder')
  const status = { description: 'the OCSP status of the proxy certificate', body: ocspStatusAnswer }
  return [
    {
      method: 'get',
      path: '/v1/ocsp',
      operationId: 'getOcsp',
      summary: 'The OCSP configuration (permission view_ocsp_config)',
      tag: TAG,
      source: 'reference §8 (captures/ocsp.json)',
      responses: { 200: { description: 'the configuration', body: ocspAnswer } },
    },
    {
      method: 'put',
      path: '/v1/ocsp',
      operationId: 'updateOcsp',
      summary: 'Change the OCSP configuration; answers it (permission config_ocsp)',
      tag: TAG,
      source: 'reference §8',
      body: { schema: putOcspSchema() },
      responses: { 200: { description: 'the updated configuration', body: ocspAnswer }, 400: invalidSchema('an unknown field, a value out of range, a changed responder_url'), 406: noResponder },
    },
    {
      method: 'get',
      path: '/v1/ocsp/status',
      operationId: 'getOcspStatus',
      summary: 'The last OCSP answer for the proxy certificate; UNKNOWN before any query (permission view_ocsp_status)',
      tag: TAG,
      source: 'reference §8; inferred: the status before any query',
      responses: { 200: status, 406: noResponder },
    },
    {
      method: 'post',
      path: '/v1/ocsp/test',
      operationId: 'testOcsp',
      summary: 'Query the responder now (emulated: GOOD; no responder is contacted) (permission test_ocsp_status)',
      tag: TAG,
      source: 'reference §8',
      responses: { 200: status, 406: noResponder },
    },
  ]
}

function proxyOperations(): Operation[] {
  const { proxyAnswer, proxyUpdateBody } = clusterSchemas()
  const bad = invalidSchema('not {"allow_restart"?, "proxy": {...}}, an unknown attribute, a value of another type or out of range')
  const notFound = errorAnswer('proxy_not_exist: no node has this uid; not_found: the segment is not a positive integer')
  return [
    {
      method: 'get',
      path: '/v1/proxies',
      operationId: 'listProxies',
      summary: 'The proxy of every node (permission view_all_proxies_info)',
      tag: TAG,
      source: 'reference §9 (captures/proxies_list.json)',
      responses: { 200: { description: 'the proxies, one per node', body: z.array(proxyAnswer) } },
    },
    {
      method: 'get',
      path: '/v1/proxies/{uid}',
      operationId: 'getProxy',
      summary: 'One proxy (permission view_proxy_info)',
      tag: TAG,
      source: 'reference §9',
      pathParams: { uid: uidParam('proxy (node)') },
      responses: { 200: { description: 'the proxy', body: proxyAnswer }, 404: notFound },
    },
    {
      method: 'put',
      path: '/v1/proxies/{uid}',
      operationId: 'updateProxy',
      summary: 'Change one proxy; 200 with no body (permission update_proxy)',
      tag: TAG,
      source: 'reference §9; D:requests/proxies ("200 status only")',
      pathParams: { uid: uidParam('proxy (node)') },
      body: { schema: proxyUpdateBody },
      responses: { 200: EMPTY_OK, 400: bad, 404: notFound },
    },
    {
      method: 'put',
      path: '/v1/proxies',
      operationId: 'updateProxies',
      summary: 'Change every proxy; 200 with no body (permission update_proxy)',
      tag: TAG,
      source: 'reference §9',
      body: { schema: proxyUpdateBody },
      responses: { 200: EMPTY_OK, 400: bad },
    },
  ]
}

function topologyOperations(): Operation[] {
  const { suffixAnswer, nodeAnswer, moduleAnswer, shardAnswer } = clusterSchemas()
  const modules = (path: string, operationId: string): Operation => ({
    method: 'get',
    path,
    operationId,
    summary: 'The modules the cluster offers (permission view_cluster_modules)',
    tag: TAG,
    source: 'reference §6 (captures/modules_list.json)',
    responses: { 200: { description: 'the modules', body: z.array(moduleAnswer) } },
  })
  return [
    {
      method: 'get',
      path: '/v1/suffixes',
      operationId: 'listSuffixes',
      summary: 'The DNS suffixes (permission view_cluster_info, inferred)',
      tag: TAG,
      source: 'reference §13; inferred: one default suffix named after the cluster when the bootstrap named none',
      responses: { 200: { description: 'the suffixes', body: z.array(suffixAnswer) } },
    },
    {
      method: 'get',
      path: '/v1/suffix/{name}',
      operationId: 'getSuffix',
      summary: 'One DNS suffix by name (permission view_cluster_info, inferred)',
      tag: TAG,
      source: 'reference §13',
      pathParams: { name: z.string().meta({ description: 'the suffix name (a DNS zone)' }) },
      responses: { 200: { description: 'the suffix', body: suffixAnswer }, 404: errorAnswer('suffix_not_exist (code inferred)') },
    },
    {
      method: 'get',
      path: '/v1/nodes',
      operationId: 'listNodes',
      summary: 'The nodes, with the shards each holds (permission view_all_nodes_info)',
      tag: TAG,
      source: 'reference §6 (captures/nodes_list.json)',
      responses: { 200: { description: 'the nodes', body: z.array(nodeAnswer) } },
    },
    {
      method: 'get',
      path: '/v1/nodes/{uid}',
      operationId: 'getNode',
      summary: 'One node (permission view_node_info)',
      tag: TAG,
      source: 'reference §6 (captures/node_single.json)',
      pathParams: { uid: uidParam('node') },
      responses: { 200: { description: 'the node', body: nodeAnswer }, 404: errorAnswer('node_not_exist; not_found: the segment is not a positive integer') },
    },
    modules('/v1/modules', 'listModules'),
    modules('/v2/modules', 'listModulesV2'),
    {
      method: 'get',
      path: '/v1/shards',
      operationId: 'listShards',
      summary: "Every database's shards, as placed on the nodes (permission view_all_shards_info)",
      tag: TAG,
      source: 'reference §6 (captures/shards_list.json)',
      responses: { 200: { description: 'the shards', body: z.array(shardAnswer) } },
    },
  ]
}

export function clusterOperations(): Operation[] {
  return [
    ...bootstrapOperations(),
    ...settingsOperations(),
    ...certificateOperations(),
    ...licenseOperations(),
    ...ocspOperations(),
    ...proxyOperations(),
    ...topologyOperations(),
  ]
}
