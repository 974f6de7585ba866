// zod schemas of alerts: the stored slice part, alert settings bodies (bdb and cluster) and the control-plane body.
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'
import { BDB_ALERTS, CLUSTER_ALERTS, NODE_ALERTS } from './model.js'

// Built on first use (lazy), never at import: start-up time, issue #20.
const threshold = lazy(() => z.union([z.string().regex(/^\d+(\.\d+)?$/), z.number().nonnegative().transform(String)]))
const bdbSetting = () => z.strictObject({ enabled: z.boolean(), threshold: threshold().optional() })

// D:objects/db_alerts_settings: `{"<bdb alert>": {"enabled": bool, "threshold": "<string>"}}`; an unknown name is invalid
export const bdbAlertSettingsSchema = lazy(() => z.strictObject(Object.fromEntries(Object.keys(BDB_ALERTS).map((n) => [n, bdbSetting().partial()]))).partial())
export type BdbAlertSettingsBody = z.output<ReturnType<typeof bdbAlertSettingsSchema>>

// cluster.json alert_settings: cluster_* and node_* names, each `true`/`false` or `{enabled, threshold}`
const clusterSetting = lazy(() => z.union([z.boolean(), z.strictObject({ enabled: z.boolean(), threshold: threshold().optional() })]))
export const clusterAlertSettingsSchema = lazy(() => z
  .strictObject(Object.fromEntries([...Object.keys(CLUSTER_ALERTS), ...Object.keys(NODE_ALERTS), 'cluster_node_operation_failed'].map((n) => [n, clusterSetting()])))
  .partial())

export const alertsSliceSchema = lazy(() => z.strictObject({
  cluster_settings: z.record(z.string(), clusterSetting()),
  bdb_settings: z.record(z.string().regex(/^\d+$/), z.record(z.string(), z.strictObject({ enabled: z.boolean(), threshold: z.string().optional() }))),
  raised: z.record(z.string().regex(/^(cluster|node:\d+|bdb:\d+)$/), z.record(z.string(), z.strictObject({ state: z.boolean(), change_time: z.string() }))),
}))

/** POST /_emulator/redis-enterprise/alerts: force one documented alert on or off (or back to what the emulator sees). */
export const raiseAlertSchema = lazy(() => z.strictObject({
  object: z.enum(['cluster', 'node', 'bdb']),
  uid: z.union([z.number().int().min(1), z.string().regex(/^\d+$/).transform(Number)]).optional(),
  name: z.string().min(1),
  state: z.union([z.boolean(), z.null()]),
}))
