// Redis Enterprise Software's cluster REST API as the emulator answers it: the source of its OpenAPI document.
// Each resource group lists its own operations (<group>/openapi.ts); this file holds what the whole API shares.
import { z } from 'zod'
import { lazy } from '../../core/lazy.js'
import type { ApiDescription, Operation, ResponseSpec } from '../../core/openapi.js'
import { accessOperations } from './access/openapi.js'
import { ERRORS, type ErrorCode } from './errors.js'
import { alertOperations } from './alerts/openapi.js'
import { bdbOperations } from './bdbs-openapi.js'
import { clusterOperations } from './cluster/openapi.js'
import { companionOperations } from './companions/openapi.js'
import { logOperations } from './logs/openapi.js'
import { operationOperations } from './operations/openapi.js'
import { statsOperations } from './stats/openapi.js'

/** reference §4: the error envelope; real servers send "description", the docs say "message": both are sent. */
// built on first use (lazy), never at import: start-up time, issue #20
export const errorEnvelope = lazy(() =>
  z
    .looseObject({ error_code: z.string(), description: z.string(), message: z.string() })
    .meta({ description: 'reference §4: {error_code, description, message} (some errors add fields)' }),
)

/** seed 004 / reference §3: DELETE and some actions answer 200 with an empty body. */
export const EMPTY_OK: ResponseSpec = { description: 'done; the body is empty' }

/** An error the operation documents itself, in the envelope (e.g. 404 db_not_exist, 406 invalid configuration). */
export const errorAnswer = (description: string): ResponseSpec => ({ description, body: errorEnvelope() })

/** The common answer's error_code per status (see commonErrors): kept in an operation's own list for that status. */
const IMPLIED_CODES: Partial<Record<number, string>> = {
  400: 'bad_request',
  403: 'insufficient_permissions',
  404: 'not_found',
  406: 'invalid_schema',
  503: 'cluster_not_bootstrapped',
}

/**
 * The error answers of an operation, by status, from the error codes it can send (errors.ts gives each code's status):
 * each status documents its codes as an enum of error_code. An operation's own answer for a status replaces the API's
 * common one, so each list keeps the common code of its status: insufficient_permissions (403, the route's permission
 * check), bad_request (400, a malformed body), not_found (404, a uid that is no number), invalid_schema (406, a path
 * whose %-escapes do not decode) and cluster_not_bootstrapped (503, cluster/bootstrap.ts gate).
 */
export function errorsFor(...codes: ErrorCode[]): Record<number, ResponseSpec> {
  const byStatus = new Map<number, Set<string>>()
  for (const code of codes) {
    const status = ERRORS[code]
    if (!byStatus.has(status)) byStatus.set(status, new Set(IMPLIED_CODES[status] ? [IMPLIED_CODES[status]] : []))
    byStatus.get(status)!.add(code)
  }
  return Object.fromEntries(
    [...byStatus].map(([status, set]) => {
      const list = [...set]
      return [status, { description: list.join(', '), body: errorEnvelope().extend({ error_code: z.enum(list as [string, ...string[]]) }) }]
    }),
  )
}

/** A path parameter that is a uid: `{int: uid}` (seed 004); anything else is a 404 not_found (uids.ts). */
export const uidParam = () => z.string().regex(/^\d+$/).meta({ description: 'a positive integer uid; anything else answers 404 not_found' })

let described: ApiDescription | undefined

export function redisEnterpriseApi(): ApiDescription {
  return (described ??= {
    title: 'Redis Enterprise Software cluster REST API (as emulated by redis-cloud-emulator)',
    version: 'v1',
    description:
      'The cluster REST API on port 9443 (HTTPS) and 8080 (HTTP): databases (v1 and v2), actions, users, roles, Redis ACLs, LDAP, the cluster, nodes, statistics, alerts and logs. HTTP Basic with a cluster user; each route needs a permission of the caller\'s management role (seed 004, reference redis-enterprise-more.md).',
    securitySchemes: { basic: { type: 'http', scheme: 'basic', description: 'a cluster user: email and password (default admin@redis.local / admin-pass)' } },
    errorBody: errorEnvelope(),
    commonErrors: {
      400: 'bad_request: a body that is not JSON, or not application/json',
      // core/errors.ts: a %-escape in the path that does not decode, or a body whose Content-Encoding does not inflate,
      // is an invalid request, which errors.ts sends as 406 invalid_schema
      406: 'invalid_schema: a path whose %-escapes do not decode, or a body that cannot be decoded (operations with their own 406 list more codes)',
      413: 'request_too_large: a body over the size limit',
      500: 'internal_error: the state could not be written (a full disk)',
      // cluster/bootstrap.ts: an unbootstrapped node answers every route but its bootstrap calls with 503, before auth
      503: 'cluster_not_bootstrapped: this node is not part of an active cluster (started with --redis-enterprise-bootstrapped false)',
      505: 'unsupported_api_version: an X-API-Version other than 1 or 2 (seed 002)',
    },
    unknownRoute: { 404: 'not_found: no route for this method and path' },
    securedErrors: {
      401: { description: 'unauthorized: missing or wrong credentials', body: errorEnvelope(), headers: { 'WWW-Authenticate': 'Basic realm="Redis Enterprise"' } },
      403: "insufficient_permissions: the caller's role lacks the route's permission",
    },
    tags: {
      bdbs: 'databases (seed 004)',
      actions: 'actions and state machines (reference §5)',
      access: 'users, roles, Redis ACLs, LDAP',
      cluster: 'the cluster, bootstrap, certificates, licence, nodes',
      stats: 'statistics',
      alerts: 'alerts',
      logs: 'the event log',
      operations: 'database operations (export, import, traffic, recover, …)',
      companions: 'Active-Active, database groups, schema and services',
    },
    operations: withOptions([
      ...bdbOperations(),
      ...operationOperations(),
      ...statsOperations(),
      ...alertOperations(),
      ...logOperations(),
      ...companionOperations(),
      ...accessOperations(),
      ...clusterOperations(),
    ]),
  })
}

/**
 * Every path also answers OPTIONS with its Allow list, as real clusters do (reference-more LIVE-ROUTES: route existence
 * on 7.4 to 8.2 was probed that way); after auth, before any permission check.
 */
function withOptions(operations: Operation[]): Operation[] {
  const firstByPath = new Map<string, Operation>()
  for (const op of operations) if (!firstByPath.has(op.path)) firstByPath.set(op.path, op)
  const options = [...firstByPath.values()].map(
    (first): Operation => ({
      method: 'options',
      path: first.path,
      operationId: `optionsOf_${first.operationId}`,
      summary: 'The methods this path answers',
      tag: first.tag,
      source: 'reference-more LIVE-ROUTES (OPTIONS answers the Allow header on every probed version)',
      pathParams: first.pathParams,
      responses: {
        200: { description: 'the methods, also as the body', body: z.string(), contentTypes: ['text/plain'], headers: { Allow: 'the methods, comma separated' } },
      },
      without: [403],
    }),
  )
  return [...operations, ...options]
}
