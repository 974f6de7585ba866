// Alert names, severities and the stored part of alerts: settings and the states a test raised or cleared.
// reference-more §7 (D:objects/alert, FIX cluster_alerts.json, D:objects/db_alerts_settings, cluster.json alert_settings).

/** A setting as cluster.json `alert_settings` holds it: `true`, or `{enabled, threshold}` (threshold a string). */
export type AlertSetting = boolean | { enabled: boolean; threshold?: string }

/** An alert's state forced through the control plane (POST /_emulator/redis-enterprise/alerts). */
export interface RaisedAlert {
  state: boolean
  change_time: string
}

export interface AlertsState {
  /** Changes over cluster.json's alert_settings (PUT /v1/cluster alert_settings: applyClusterAlertSettings). */
  cluster_settings: Record<string, AlertSetting>
  /** bdb uid -> alert name -> setting (POST /v1/bdbs/alerts/{uid}, PUT /v1/bdbs/{uid} alert_settings). */
  bdb_settings: Record<string, Record<string, { enabled: boolean; threshold?: string }>>
  /** scope (`cluster`, `node:<uid>`, `bdb:<uid>`) -> alert name -> forced state */
  raised: Record<string, Record<string, RaisedAlert>>
}

export interface AlertsSlice {
  alerts: AlertsState
}

export function emptyAlerts(): AlertsState {
  return { cluster_settings: {}, bdb_settings: {}, raised: {} }
}

/** Severity while an alert is on (off: INFO). Docs "Alerts and events": "True: warning, False: info" unless noted. */
export const CLUSTER_ALERTS: Record<string, string> = {
  // the twelve of FIX cluster_alerts.json, in its order
  cluster_ca_cert_about_to_expire: 'WARNING',
  cluster_certs_about_to_expire: 'WARNING',
  cluster_even_node_count: 'WARNING',
  cluster_flash_overcommit: 'ERROR',
  cluster_inconsistent_rl_sw: 'WARNING',
  cluster_internal_bdb: 'WARNING',
  cluster_license_about_to_expire: 'WARNING',
  cluster_multiple_nodes_down: 'WARNING',
  cluster_ocsp_query_failed: 'ERROR',
  cluster_ocsp_status_revoked: 'ERROR',
  cluster_ram_overcommit: 'ERROR',
  cluster_too_few_nodes_for_replication: 'WARNING',
}

// cluster.json alert_settings node_* keys plus the node alerts of the docs' "Alerts and events" table
export const NODE_ALERTS: Record<string, string> = {
  node_aof_slow_disk_io: 'ERROR',
  node_checks_error: 'ERROR',
  node_cpu_utilization: 'WARNING',
  node_ephemeral_storage: 'WARNING',
  node_failed: 'ERROR',
  node_free_flash: 'WARNING',
  node_insufficient_disk_aofrw: 'WARNING',
  node_internal_certs_about_to_expire: 'WARNING',
  node_memory: 'WARNING',
  node_net_throughput: 'WARNING',
  node_persistent_storage: 'WARNING',
}

// D:objects/db_alerts_settings (the bdb_crdt_src_* / bdb_replica_src_* families need Active-Active or Replica Of)
export const BDB_ALERTS: Record<string, string> = {
  bdb_backup_delayed: 'WARNING',
  bdb_high_latency: 'WARNING',
  bdb_high_throughput: 'WARNING',
  bdb_long_running_action: 'WARNING',
  bdb_low_throughput: 'WARNING',
  bdb_ram_dataset_overhead: 'WARNING',
  bdb_ram_values: 'WARNING',
  bdb_shard_num_ram_values: 'WARNING',
  bdb_size: 'WARNING',
}

/** INF: bdb_size's default threshold (percent of memory_size) when the database's settings give none. */
export const DEFAULT_BDB_SIZE_THRESHOLD = '80'
