// Redis Enterprise companions (reference-more §6, §14, §16, §17, §21): Active-Active, database groups, JSON schemas,
// cluster actions and local services; their operations for the OpenAPI document (see ../openapi.ts).
import { z } from 'zod'
import type { Operation } from '../../../core/openapi.js'
import { errorsFor, uidParam } from '../openapi.js'
import { JSON_SCHEMA_OBJECTS } from './jsonschema.js'
import { crdbCreateSchema, SERVICES, servicesBody } from './routes.js'

const none = (what: string) => z.array(z.never()).max(0).meta({ description: `${what}: none on this cluster` })

/** A JSON Schema document (jsonschema.ts): arbitrary JSON by nature, so only "an object" is said of it. */
const jsonSchemaDocument = () => z.record(z.string(), z.unknown()).meta({ description: 'a JSON Schema of the object' })

const serviceStatus = () =>
  z.strictObject({ start_time: z.string(), status: z.literal('RUNNING'), uptime: z.string().meta({ description: '"H:MM:SS" or "N day(s), H:MM:SS"' }) })

export function companionOperations(): Operation[] {
  const tag = 'companions'
  return [
    {
      method: 'get',
      path: '/v1/crdbs',
      operationId: 'listCrdbs',
      summary: 'Active-Active databases',
      tag,
      source: 'reference-more §6; captures/crdbs_list.json (an object wrapping the list)',
      responses: { 200: { description: '{"crdbs": []}', body: z.strictObject({ crdbs: none('Active-Active databases') }) } },
    },
    {
      method: 'get',
      path: '/v1/crdbs/{guid}',
      operationId: 'getCrdb',
      summary: 'One Active-Active database (none exist here)',
      tag,
      source: 'reference-more §6',
      responses: errorsFor('crdb_not_exist'),
    },
    {
      method: 'post',
      path: '/v1/crdbs',
      operationId: 'createCrdb',
      summary: 'Create an Active-Active database: refused, this cluster has no Active-Active peers',
      tag,
      source: 'reference-more §6; inferred: a well-formed request is 406 crdb_peer_unreachable',
      body: { schema: crdbCreateSchema() },
      responses: errorsFor('bad_request', 'crdb_peer_unreachable'),
    },
    {
      method: 'get',
      path: '/v1/crdb_tasks',
      operationId: 'listCrdbTasks',
      summary: 'Active-Active tasks',
      tag,
      source: 'reference-more §6 (LIVE-STATUS 200: an array)',
      responses: { 200: { description: 'no task ever runs here', body: none('Active-Active tasks') } },
    },
    {
      method: 'get',
      path: '/v1/crdb_tasks/{id}',
      operationId: 'getCrdbTask',
      summary: 'One Active-Active task (none exist here)',
      tag,
      source: 'reference-more §6',
      responses: errorsFor('crdb_task_not_exist'),
    },
    {
      method: 'get',
      path: '/v1/bdb_groups',
      operationId: 'listBdbGroups',
      summary: 'Database groups',
      tag,
      source: 'reference-more §16; captures/bdb_groups_list.json',
      responses: { 200: { description: '{"bdb_groups": []}', body: z.strictObject({ bdb_groups: none('database groups') }) } },
    },
    {
      method: 'get',
      path: '/v1/bdb_groups/{uid}',
      operationId: 'getBdbGroup',
      summary: 'One database group (none exist here)',
      tag,
      source: 'reference-more §16',
      pathParams: { uid: uidParam() },
      responses: errorsFor('bdb_group_not_exist'),
    },
    {
      method: 'get',
      path: '/v1/jsonschema',
      operationId: 'getJsonSchema',
      summary: "An API object's JSON schema, or every object's",
      tag,
      source: 'reference-more §14',
      query: z.object({ object: z.enum(JSON_SCHEMA_OBJECTS as [string, ...string[]]).optional().meta({ description: 'absent: every object; another name answers 406' }) }),
      responses: {
        200: {
          description: "the object's schema (with ?object), else object name -> schema",
          body: z.union([jsonSchemaDocument(), z.record(z.enum(JSON_SCHEMA_OBJECTS as [string, ...string[]]), jsonSchemaDocument())]),
        },
        ...errorsFor('invalid_object'),
      },
    },
    {
      method: 'get',
      path: '/v1/cluster/actions',
      operationId: 'listClusterActions',
      summary: 'Running cluster actions',
      tag,
      source: 'reference-more §21 (LIVE-STATUS 200: an idle cluster answers {"actions": []})',
      responses: { 200: { description: 'no cluster action ever runs here', body: z.strictObject({ actions: none('cluster actions') }) } },
    },
    {
      method: 'get',
      path: '/v1/cluster/actions/{action}',
      operationId: 'getClusterAction',
      summary: "A cluster action's status (none ever ran)",
      tag,
      source: 'reference-more §21',
      responses: errorsFor('cluster_action_not_exist'),
    },
    {
      method: 'delete',
      path: '/v1/cluster/actions/{action}',
      operationId: 'cancelClusterAction',
      summary: 'Cancel a cluster action (none ever ran)',
      tag,
      source: 'reference-more §21',
      responses: errorsFor('cluster_action_not_exist'),
    },
    {
      method: 'get',
      path: '/v1/local/services',
      operationId: 'listLocalServices',
      summary: "This node's services and their status",
      tag,
      source: 'reference-more §17 (DOC example)',
      responses: { 200: { description: 'service name -> status: every one RUNNING since the cluster was created', body: z.record(z.enum(SERVICES as [string, ...string[]]), serviceStatus()) } },
    },
    ...(['/v1/local/services', '/v1/services'] as const).map(
      (path, i): Operation => ({
        method: 'post',
        path,
        operationId: i === 0 ? 'operateLocalServices' : 'operateServices',
        summary: 'Start, stop or restart services',
        tag,
        source: 'reference-more §17; inferred: an operated service is back RUNNING at once',
        body: { schema: servicesBody() },
        responses: {
          200: { description: 'service name -> whether it was operated (a service this cluster runs)', body: z.record(z.string(), z.boolean()) },
          ...errorsFor('bad_request'),
        },
      }),
    ),
  ]
}
