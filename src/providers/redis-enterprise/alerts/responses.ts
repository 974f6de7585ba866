// Response schemas of the alert routes (service.ts alertObject builds the bodies), for the OpenAPI document.
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'
import { BDB_ALERTS, CLUSTER_ALERTS, NODE_ALERTS } from './model.js'

const names = (table: Record<string, string>) => Object.keys(table) as [string, ...string[]]

/**
 * One alert (FIX cluster_alerts.json, keys in alphabetical order). change_value holds `state` and the alert's own
 * values (node_count, dead_nodes, bdbs_committed_ram, global_threshold, …): they differ per alert, so it is open.
 */
export const alertBody = lazy(() =>
  z.strictObject({
    change_time: z.string(),
    change_value: z.looseObject({ state: z.boolean() }),
    enabled: z.boolean(),
    severity: z.enum(['INFO', 'WARNING', 'ERROR']).meta({ description: 'INFO while the alert is off' }),
    state: z.boolean(),
    threshold: z.string().optional().meta({ description: 'database alerts: the threshold set for it' }),
  }),
)

/** Every alert of one object by name: the cluster's twelve, a node's, a database's (all of them, always). */
export const clusterAlertsBody = lazy(() => z.record(z.enum(names(CLUSTER_ALERTS)), alertBody()))
export const nodeAlertsBody = lazy(() => z.record(z.enum(names(NODE_ALERTS)), alertBody()))
export const bdbAlertsBody = lazy(() => z.record(z.enum(names(BDB_ALERTS)), alertBody()))

/** The alerts of every node / database, by uid. */
export const alertsByUidBody = (alerts: z.ZodType) => z.record(z.string().regex(/^\d+$/), alerts)
