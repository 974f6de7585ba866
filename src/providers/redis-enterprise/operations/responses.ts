// Response schemas of the database operations (service.ts, placement.ts build these bodies), for the OpenAPI document.
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'

/** INF (routes.ts): export, import, stop/resume traffic, recover and a real rebalance/revamp name their machine. */
export const actionUidBody = lazy(() => z.strictObject({ action_uid: z.string() }).meta({ description: 'the state machine started (GET /v1/actions/{action_uid})' }))

/** placement.ts blueprint(): a dry-run rebalance/revamp answers the shards blueprint. */
export const blueprintBody = lazy(() =>
  z
    .array(
      z.strictObject({
        nodes: z.array(z.strictObject({ node_uid: z.string(), role: z.enum(['master', 'slave']) })).min(1),
        slot_range: z.string().meta({ description: '"<first>-<last>" hash slots' }),
      }),
    )
    .meta({ description: 'reference-more §20 (DOC example): one entry per master shard with the nodes of its master and replica' }),
)

/** service.ts recoveryPlan(): one data file per master shard. */
export const recoveryPlanBody = lazy(() =>
  z.strictObject({
    data_files: z.array(
      z.strictObject({
        filename: z.string(),
        last_modified: z.number().meta({ description: 'epoch seconds' }),
        node_uid: z.string(),
        shard_role: z.literal('master'),
        shard_slots: z.string(),
        shard_uid: z.string(),
        size: z.number().int().min(0),
      }),
    ),
    status: z.literal('ready'),
  }),
)
