// Redis Enterprise alerts (reference-more §7): their operations for the OpenAPI document (see ../openapi.ts).
import { z } from 'zod'
import type { Operation } from '../../../core/openapi.js'
import { errorsFor, uidParam } from '../openapi.js'
import { alertBody, alertsByUidBody, bdbAlertsBody, clusterAlertsBody, nodeAlertsBody } from './responses.js'
import { bdbAlertSettingsSchema } from './schemas.js'

const alertName = () => z.string().meta({ description: 'an alert name; another one answers 404 alert_not_exist' })

export function alertOperations(): Operation[] {
  const source = 'reference-more §7; captures/cluster_alerts.json'
  const one = { description: 'the alert', body: alertBody() }
  return [
    {
      method: 'get',
      path: '/v1/cluster/alerts',
      operationId: 'getClusterAlerts',
      summary: "The cluster's alerts, by name",
      tag: 'alerts',
      source,
      query: z.object({ ignore_settings: z.string().optional().meta({ description: 'accepted; the state is reported whatever the settings' }) }),
      responses: { 200: { description: 'every cluster alert', body: clusterAlertsBody() } },
    },
    {
      method: 'get',
      path: '/v1/cluster/alerts/{alert}',
      operationId: 'getClusterAlert',
      summary: 'One cluster alert',
      tag: 'alerts',
      source,
      pathParams: { alert: alertName() },
      responses: { 200: one, ...errorsFor('alert_not_exist') },
    },
    {
      method: 'get',
      path: '/v1/nodes/alerts',
      operationId: 'getAllNodesAlerts',
      summary: "Every node's alerts, by node uid",
      tag: 'alerts',
      source,
      responses: { 200: { description: 'node uid -> alerts', body: alertsByUidBody(nodeAlertsBody()) } },
    },
    {
      method: 'get',
      path: '/v1/nodes/alerts/{uid}',
      operationId: 'getNodeAlerts',
      summary: "One node's alerts",
      tag: 'alerts',
      source,
      pathParams: { uid: uidParam() },
      responses: { 200: { description: "the node's alerts", body: nodeAlertsBody() }, ...errorsFor('node_not_exist') },
    },
    {
      method: 'get',
      path: '/v1/nodes/alerts/{uid}/{alert}',
      operationId: 'getNodeAlert',
      summary: 'One alert of one node',
      tag: 'alerts',
      source,
      pathParams: { uid: uidParam(), alert: alertName() },
      responses: { 200: one, ...errorsFor('node_not_exist', 'alert_not_exist') },
    },
    {
      method: 'get',
      path: '/v1/bdbs/alerts',
      operationId: 'getAllBdbsAlerts',
      summary: "Every database's alerts, by database uid",
      tag: 'alerts',
      source,
      realRedis: "bdb_size is on when the server's used_memory reaches the threshold (percent of memory_size)",
      responses: { 200: { description: 'bdb uid -> alerts', body: alertsByUidBody(bdbAlertsBody()) } },
    },
    {
      method: 'get',
      path: '/v1/bdbs/alerts/{uid}',
      operationId: 'getBdbAlerts',
      summary: "One database's alerts",
      tag: 'alerts',
      source,
      realRedis: "bdb_size is on when the server's used_memory reaches the threshold (percent of memory_size)",
      pathParams: { uid: uidParam() },
      responses: { 200: { description: "the database's alerts", body: bdbAlertsBody() }, ...errorsFor('db_not_exist') },
    },
    {
      method: 'get',
      path: '/v1/bdbs/alerts/{uid}/{alert}',
      operationId: 'getBdbAlert',
      summary: 'One alert of one database',
      tag: 'alerts',
      source,
      realRedis: "bdb_size is on when the server's used_memory reaches the threshold (percent of memory_size)",
      pathParams: { uid: uidParam(), alert: alertName() },
      responses: { 200: one, ...errorsFor('db_not_exist', 'alert_not_exist') },
    },
    {
      method: 'post',
      path: '/v1/bdbs/alerts/{uid}',
      operationId: 'updateBdbAlerts',
      summary: "Change a database's alert settings (dry_run: answer what they would be)",
      tag: 'alerts',
      source: 'reference-more §7 (D:objects/db_alerts_settings)',
      pathParams: { uid: uidParam() },
      query: z.object({ dry_run: z.string().optional().meta({ description: 'present: change nothing' }) }),
      body: { schema: bdbAlertSettingsSchema() },
      responses: { 200: { description: "the database's alerts with the new settings", body: bdbAlertsBody() }, ...errorsFor('db_not_exist', 'invalid_schema') },
    },
  ]
}
