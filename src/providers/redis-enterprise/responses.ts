// Response schemas of the databases and actions routes, beside the code that builds those bodies (service.ts,
// actions.ts): the source of their part of the OpenAPI document. Built on first use, never at import.
import { z } from 'zod'
import { lazy } from '../../core/lazy.js'
import { createBdbSchema } from './schemas.js'

const int = lazy(() => z.number().int())

/** captures/bdb_single.json endpoints[]: one endpoint per database (service.ts endpointsFor), keys as captured. */
export const bdbEndpointBody = lazy(() =>
  z.strictObject({
    addr: z.array(z.string()),
    addr_type: z.enum(['internal', 'external']),
    dns_name: z.string(),
    oss_cluster_api_preferred_endpoint_type: z.enum(['ip', 'hostname']),
    oss_cluster_api_preferred_ip_type: z.enum(['internal', 'external']),
    port: int(),
    proxy_policy: z.string(),
    uid: z.string().meta({ description: '"<bdb uid>:1"' }),
  }),
)

/** A module of module_list as rules.ts resolveModules stores it (captures/bdb_single.json). */
const moduleEntry = () => z.strictObject({ module_args: z.string(), module_id: z.string(), module_name: z.string(), semantic_version: z.string() })

/**
 * A bdb as the emulator sends it: every key of captures/bdb_single.json with its captured type, each one always
 * present (a new bdb is made from the captured one). Optional are only the keys the capture lacks: action_uid (while
 * a state machine runs), traffic_manually_disabled (once traffic was stopped, operations/), and two a client may set
 * that the captured bdb did not carry (enforce_client_authentication, tags). The value types are the ones the
 * request schema accepts (schemas.ts), which are what a stored bdb keeps; the read-only keys are narrowed here.
 */
export const bdbBody = lazy(() =>
  createBdbSchema()
    .omit({ alert_settings: true })
    .required()
    .partial({ enforce_client_authentication: true, tags: true, action_uid: true })
    .extend({
      uid: int().min(1),
      // reference §2.1: the documented status values
      status: z.enum(['pending', 'active', 'active-change-pending', 'delete-pending', 'import-pending', 'creation-failed', 'recovery']),
      endpoints: z.array(bdbEndpointBody()),
      module_list: z.array(moduleEntry()),
      background_op: z.array(z.strictObject({ status: z.string() })),
      // D:objects/bdb: "" (never run), exporting/initializing/importing, succeeded, failed
      export_status: z.enum(['', 'exporting', 'succeeded', 'failed']),
      import_status: z.enum(['', 'initializing', 'importing', 'succeeded', 'failed']),
      backup_status: z.string(),
      // operations/service.ts setTraffic
      traffic_manually_disabled: z.boolean().optional(),
    })
    .meta({ id: 'Bdb', description: 'a database (captures/bdb_single.json keys and types)' }),
)

/**
 * What GET /v1/bdbs and GET /v1/bdbs/{uid} answer: the whole bdb, or, with `?fields=a,b` (seed 004), only the named
 * keys it has. OpenAPI cannot tie a schema to a query parameter, so the answer is either form; the projected form has
 * the same key types and no other keys.
 */
export const projectedBdbBody = lazy(() =>
  z.union([
    bdbBody(),
    bdbBody()
      .partial()
      .meta({ description: 'with ?fields=: only the named keys the bdb has (unknown names are skipped); same types' }),
  ]),
)

const machineName = () => z.enum(['SMCreateBDB', 'SMUpdateBDB', 'SMDeleteBDB', 'SMExportBDB', 'SMImportBDB', 'SMStopTraffic', 'SMResumeTraffic', 'SMRecoverBDB'])
const machineStatus = () => z.enum(['pending', 'active', 'completed', 'failed'])

/** actions.ts stateMachineV1: one entry of "state-machines" (captures/actions_list.json). */
export const stateMachineV1Body = lazy(() =>
  z.strictObject({
    action_uid: z.string(),
    heartbeat: int().meta({ description: 'epoch seconds' }),
    name: machineName(),
    object_name: z.string().meta({ description: '"bdb:<uid>"' }),
    progress: z.number().min(0).max(100),
    status: machineStatus(),
  }),
)

/** GET /v1/actions: the emulator runs no cluster tasks, so `actions` is always empty (captures/actions_list.json). */
export const actionsV1Body = lazy(() =>
  z.strictObject({
    actions: z.array(z.never()).max(0).meta({ description: 'cluster tasks: none run on the emulator' }),
    'state-machines': z.array(stateMachineV1Body()),
  }),
)

/** actions.ts actionV2 (reference §5). */
export const actionV2Body = lazy(() =>
  z.strictObject({
    action_uid: z.string(),
    action_type: z.literal('state-machine'),
    creation_time: int().meta({ description: 'epoch seconds' }),
    name: machineName(),
    progress: z.number().min(0).max(100),
    status: machineStatus(),
    additional_info: z.strictObject({
      description: z.string(),
      error: z.string(),
      object_type: z.literal('bdb'),
      object_uid: z.string(),
      pending_ops: z.strictObject({}),
    }),
  }),
)
