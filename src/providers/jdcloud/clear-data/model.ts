// The clear-data task of an instance (reference more §10 ClearDataTaskInfo), stored per instance id.
export const CLEAR_TYPES = ['AllData', 'ExpiredData', 'SpecifiedData'] as const
export type ClearType = (typeof CLEAR_TYPES)[number]

/** reference more §10 KeyFilter (GO models/KeyFilter.go); ttl and idle values in seconds (inferred). */
export interface KeyFilter {
  filterType: 'ttl' | 'idle'
  operator: 'eq' | 'gt' | 'lt'
  value: number
}

export interface ClearDataTask {
  /** The requestId of startClearData (the id describeTaskProgressList shows; inferred like the analyses' ids). */
  taskId: string
  clearType: ClearType
  keyPattern: string
  keyFilter: KeyFilter[]
  qpsLimit: number
  /** Keys removed (real-Redis mode: counted on the server when the task starts). */
  effectKeys: number
  status: 'running' | 'success' | 'failed'
  message: string
  /** ISO 8601 UTC, wire shape. */
  startTime: string
  lastTransitionTime: string
  /** When the running task is due to finish (ms), for its progress in between. */
  finishAt: number
}
