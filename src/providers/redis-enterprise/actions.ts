// Action (state machine) records and their wire shapes for /v1/actions and /v2/actions, whose status follows the clock.
import type { ActionRecord, JsonObject } from './model.js'

export type ActionStatus = 'pending' | 'active' | 'completed' | 'failed'

// reference §5: pending -> active -> completed. A machine is "pending" at the instant it was queued, "active" while
// it runs, "completed" from its deadline on (the same instant the bdb transition is applied).
export function actionStatus(action: ActionRecord, now: number): ActionStatus {
  // operations/: a machine whose outcome was a failure ends `failed` at its deadline
  if (now >= action.due_at) return action.error === undefined ? 'completed' : 'failed'
  if (now <= action.started_at) return 'pending'
  return 'active'
}

export function actionProgress(action: ActionRecord, now: number): number {
  if (now >= action.due_at) return 100
  if (now <= action.started_at) return 0
  return Math.floor(((now - action.started_at) / (action.due_at - action.started_at)) * 100)
}

/**
 * One entry of "state-machines" in GET /v1/actions, in the captured key order (captures/actions_list.json:
 * heartbeat is an integer epoch in seconds). The RS 8.0 capture omits progress for a completed machine, the docs
 * example shows `"progress": 100` (a number); it is sent so clients can follow a running machine.
 */
export function stateMachineV1(action: ActionRecord, now: number): JsonObject {
  return {
    action_uid: action.action_uid,
    heartbeat: Math.floor(Math.min(now, action.due_at) / 1000),
    name: action.name,
    object_name: `bdb:${action.bdb_uid}`,
    progress: actionProgress(action, now),
    status: actionStatus(action, now),
  }
}

const DESCRIPTIONS: Record<ActionRecord['name'], string> = {
  SMCreateBDB: 'Create database',
  SMUpdateBDB: 'Update database',
  SMDeleteBDB: 'Delete database',
  SMExportBDB: 'Export database',
  SMImportBDB: 'Import database',
  SMStopTraffic: 'Stop database traffic',
  SMResumeTraffic: 'Resume database traffic',
  SMRecoverBDB: 'Recover database',
}

/** reference §5: GET /v2/actions element; creation_time an integer epoch, progress a float. */
export function actionV2(action: ActionRecord, now: number): JsonObject {
  return {
    action_uid: action.action_uid,
    action_type: 'state-machine',
    creation_time: Math.floor(action.started_at / 1000),
    name: action.name,
    progress: actionProgress(action, now),
    status: actionStatus(action, now),
    additional_info: {
      description: DESCRIPTIONS[action.name],
      error: now >= action.due_at ? (action.error ?? '') : '',
      object_type: 'bdb',
      object_uid: String(action.bdb_uid),
      pending_ops: {},
    },
  }
}

/** Oldest first, so a client reading the list sees machines in the order they were queued. */
export function sortedActions(actions: Record<string, ActionRecord>): ActionRecord[] {
  return Object.values(actions).sort((a, b) => a.seq - b.seq)
}
