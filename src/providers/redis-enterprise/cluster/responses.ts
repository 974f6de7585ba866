// The bodies the cluster routes send, as zod schemas for the OpenAPI document (openapi.ts): the captured objects
// (captures/*.json keys, alphabetical) with what bootstrap and the write routes change, and the emulator's own objects.
import { z } from 'zod'
import { BOOTSTRAP_STATES } from './state.js'
import { storedLicense, storedSuffix } from './schemas.js'
import { OPTIONAL_CERTIFICATES, REQUIRED_CERTIFICATES } from './certificates.js'

function build() {
  const int = z.int()
  const wireTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
  /** D:objects/module crdb and dependencies: objects whose keys the docs leave open (empty in every capture). */
  const openObject = z.record(z.string(), z.json())

  // D:objects/cluster/alert_settings: a cluster or node alert is a boolean or {enabled, threshold (a string)} (settings.ts)
  const alertSetting = z.union([z.boolean(), z.strictObject({ enabled: z.boolean().optional(), threshold: z.string().regex(/^\d+(\.\d+)?$/).optional() })])

  /** The cluster object's attributes (captures/cluster.json), each with the type PUT /v1/cluster keeps (settings.ts sameKind). */
  const clusterShape = {
    alert_settings: z.record(z.string(), alertSetting),
    availability_lag_tolerance_ms: int,
    bigstore_driver: z.string(),
    block_cluster_changes: z.boolean(),
    ccs_internode_encryption: z.boolean(),
    cluster_api_internal_port: int,
    cluster_ssh_public_key: z.string(),
    cm_port: int,
    cm_server_version: int,
    cm_session_timeout_minutes: int,
    cnm_http_max_threads_per_worker: int,
    cnm_http_port: int,
    cnm_http_workers: int,
    cnm_https_port: int,
    control_cipher_suites: z.string(),
    control_cipher_suites_tls_1_3: z.string(),
    crdb_coordinator_ignore_requests: z.boolean(),
    crdb_coordinator_port: int,
    crdt_supported_featureset_version: int,
    crdt_supported_protocol_versions: z.array(z.string()),
    created_time: wireTime,
    data_cipher_list: z.string(),
    data_cipher_suites_tls_1_3: z.array(z.json()),
    debuginfo_path: z.string(),
    email_alerts: z.boolean(),
    encrypt_pkeys: z.boolean(),
    entra_id_cache_ttl: int,
    envoy_admin_port: int,
    envoy_external_authorization: z.boolean(),
    envoy_max_downstream_connections: int,
    envoy_mgmt_server_port: int,
    gossip_envoy_admin_port: int,
    handle_metrics_redirects: z.boolean(),
    handle_redirects: z.boolean(),
    http_support: z.boolean(),
    logrotate_settings: z.record(z.string(), z.json()),
    mask_bdb_credentials: z.boolean(),
    metrics_system: int,
    min_control_TLS_version: z.string(),
    min_data_TLS_version: z.string(),
    min_sentinel_TLS_version: z.string(),
    module_upload_max_size_mb: int,
    mtls_authorized_subjects: z.array(z.json()),
    mtls_certificate_authentication: z.boolean(),
    mtls_client_cert_subject_validation_type: z.string(),
    multi_commands_opt: z.string(),
    name: z.string(),
    options_method_forbidden: z.boolean(),
    password_complexity: z.boolean(),
    password_expiration_duration: int,
    password_hashing_algorithm: z.string(),
    password_min_length: int,
    proxy_certificate: z.string(),
    rack_aware: z.boolean(),
    reserved_ports: z.array(z.json()),
    robust_crdt_syncer: z.boolean(),
    s3_certificate_verification: z.boolean(),
    sentinel_cipher_suites: z.array(z.json()),
    sentinel_cipher_suites_tls_1_3: z.string(),
    sentinel_tls_mode: z.string(),
    slave_ha: z.boolean(),
    slave_ha_bdb_cooldown_period: int,
    slave_ha_cooldown_period: int,
    slave_ha_grace_period: int,
    slowlog_in_sanitized_support: z.boolean(),
    smtp_tls_mode: z.string(),
    smtp_use_tls: z.boolean(),
    syncer_certificate: z.string(),
    system_reserved_ports: z.array(int),
    upgrade_in_progress: z.boolean(),
    upgrade_mode: z.boolean(),
    use_external_ipv6: z.boolean(),
    use_ipv6: z.boolean(),
    wait_command: z.boolean(),
  }

  /** GET/PUT /v1/cluster; metrics_auth (not in the capture) appears once a PUT set it (settings.ts UNCAPTURED_CLUSTER_DEFAULTS). */
  const clusterAnswer = z.strictObject({ ...clusterShape, metrics_auth: z.boolean().optional() })

  /** PUT /v1/cluster: any attributes of the object; read-only ones only with their current value (reference §5.1). */
  const clusterUpdateBody = z.strictObject({ ...clusterShape, metrics_auth: z.boolean() }).partial()

  // D:objects/cluster_settings (settings.ts DEFAULT_POLICY and POLICY_ENUMS)
  const proxyPolicy = z.enum(['single', 'all-master-shards', 'all-nodes'])
  const policyShape = {
    acl_pubsub_default: z.enum(['resetchannels', 'allchannels']),
    auto_recovery: z.boolean(),
    bigstore_migrate_node_threshold: int,
    bigstore_migrate_node_threshold_p: int,
    bigstore_provision_node_threshold: int,
    bigstore_provision_node_threshold_p: int,
    data_internode_encryption: z.boolean(),
    db_conns_auditing: z.boolean(),
    default_concurrent_restore_actions: int,
    default_fork_evict_ram: z.boolean(),
    default_non_sharded_proxy_policy: proxyPolicy,
    default_oss_cluster: z.boolean(),
    default_oss_sharding: z.boolean(),
    default_provisioned_redis_version: z.string(),
    default_recovery_wait_time: int,
    default_sharded_proxy_policy: proxyPolicy,
    default_shards_placement: z.enum(['dense', 'sparse']),
    endpoint_rebind_propagation_grace_time: int,
    failure_detection_sensitivity: z.enum(['high', 'low']),
    login_lockout_counter_reset_after: int,
    login_lockout_duration: int,
    login_lockout_threshold: int,
    max_saved_events_per_type: int,
    max_simultaneous_backups: int,
    parallel_shards_upgrade: int,
    persistence_cleanup_scan_interval: z.string(),
    persistent_node_removal: z.boolean(),
    rack_aware: z.boolean(),
    redis_migrate_node_threshold: int,
    redis_migrate_node_threshold_p: int,
    redis_provision_node_threshold: int,
    redis_provision_node_threshold_p: int,
    redis_upgrade_policy: z.enum(['major', 'latest']),
    repl_diskless: z.boolean(),
    resp3_default: z.boolean(),
    shards_overbooking: z.boolean(),
    show_internals: z.boolean(),
    slave_ha: z.boolean(),
    slave_ha_bdb_cooldown_period: int,
    slave_ha_cooldown_period: int,
    slave_ha_grace_period: int,
    use_librdb: z.boolean(),
  }
  const policyAnswer = z.strictObject(policyShape)
  const policyUpdateBody = policyAnswer.partial()

  // D:objects/services_configuration (settings.ts DEFAULT_SERVICES)
  const SERVICES = ['alert_mgr', 'call_home_agent', 'cm_server', 'crdb_coordinator', 'crdb_worker', 'entraid_agent_mgr', 'ldap_agent_mgr', 'mdns_server', 'pdns_server', 'sentinel_service', 'stats_archiver'] as const
  const operatingMode = z.strictObject({ operating_mode: z.enum(['enabled', 'disabled']) })
  const servicesAnswer = z.strictObject(Object.fromEntries(SERVICES.map((name) => [name, operatingMode])) as Record<(typeof SERVICES)[number], typeof operatingMode>)
  const servicesUpdateBody = servicesAnswer.partial()

  /** GET /v1/cluster/certificates: `<name>_cert` and `<name>_key`; the optional certificates once installed (a CA: no key). */
  const certificatesAnswer = z.strictObject({
    ...Object.fromEntries(REQUIRED_CERTIFICATES.flatMap((name) => [[`${name}_cert`, z.string()], [`${name}_key`, z.string()]])),
    ...Object.fromEntries(OPTIONAL_CERTIFICATES.flatMap((name) => [[`${name}_cert`, z.string().optional()], [`${name}_key`, z.string().optional()]])),
  })

  /** GET /v1/license (captures/license.json keys): the installed licence with its use. */
  const licenseAnswer = storedLicense().extend({
    expired: z.boolean(),
    flash_shards_in_use: int.min(0),
    ram_shards_in_use: int.min(0),
  })

  // D:objects/ocsp (captures/ocsp.json keys)
  const ocspAnswer = z.strictObject({
    ocsp_functionality: z.boolean(),
    query_frequency: int,
    recovery_frequency: int,
    recovery_max_tries: int,
    responder_url: z.string(),
    response_timeout: int,
  })

  // D:objects/ocsp_status: UNKNOWN with empty dates before any query, then the emulated responder's GOOD (RFC 1123 dates)
  const ocspStatusAnswer = z.strictObject({
    cert_status: z.enum(['GOOD', 'REVOKED', 'UNKNOWN']),
    next_update: z.string(),
    produced_at: z.string(),
    responder_url: z.string(),
    revocation_time: z.string(),
    this_update: z.string(),
  })

  /** A proxy (captures/proxies_list.json keys); PUT changes keep each key's type (proxies.ts). */
  const proxyShape = {
    backlog: int,
    client_eviction: z.boolean(),
    client_keepcnt: int,
    client_keepidle: int,
    client_keepintvl: int,
    conns: int,
    corefile: z.boolean(),
    duration_usage_threshold: int.min(10).max(300),
    dynamic_threads_scaling: z.boolean(),
    ignore_bdb_cconn_limit: z.boolean(),
    ignore_bdb_cconn_output_buff_limits: z.boolean(),
    incoming_connections_capacity: int,
    incoming_connections_min_capacity: int,
    incoming_connections_rate_limit: int,
    log_level: z.enum(['crit', 'error', 'warn', 'info', 'trace', 'debug']),
    max_listeners: int,
    max_servers: int,
    max_threads: int.min(1).max(256),
    max_worker_client_conns: int,
    max_worker_server_conns: int,
    max_worker_txns: int,
    maxmemory_clients: int,
    threads: int.min(1).max(256),
    threads_usage_threshold: int.min(50).max(99),
  }
  const proxyAnswer = z.strictObject({ ...proxyShape, uid: int.min(1) })
  /** D:requests/proxies: `{"allow_restart"?: bool, "proxy": {...}}`; counts are never negative. */
  const proxyUpdateBody = z.strictObject({ allow_restart: z.boolean().optional(), proxy: z.strictObject(proxyShape).partial() })

  const suffixAnswer = storedSuffix()

  const databaseVersion = z.strictObject({ db_type: z.enum(['redis', 'memcached']), major: z.boolean().optional(), redis_version: z.string().optional(), version: z.string() })

  /** A node (captures/node_single.json keys); node 1 carries the identity and paths its bootstrap request gave. */
  const nodeAnswer = z.strictObject({
    accept_servers: z.boolean(),
    addr: z.string(),
    architecture: z.string(),
    bigredis_storage_path: z.string(),
    bigstore_enabled: z.boolean(),
    cores: int,
    ephemeral_storage_path: z.string(),
    ephemeral_storage_size: z.number(),
    external_addr: z.array(z.string()),
    fips_enabled: z.boolean(),
    flash_shard_count: int,
    max_listeners: int,
    max_redis_forks: int,
    max_redis_servers: int,
    max_slave_full_syncs: int,
    os_family: z.string(),
    os_name: z.string(),
    os_semantic_version: z.string(),
    os_version: z.string(),
    persistent_storage_path: z.string(),
    persistent_storage_size: z.number(),
    rack_id: z.string(),
    ram_shard_count: int,
    second_rack_id: z.string(),
    shard_count: int,
    shard_list: z.array(int),
    software_version: z.string(),
    status: z.string(),
    supported_database_versions: z.array(databaseVersion),
    total_memory: int,
    uid: int.min(1),
    uptime: int,
    use_internal_ipv6: z.boolean(),
  })

  /** A module (captures/modules_list.json keys). */
  const moduleAnswer = z.strictObject({
    author: z.string(),
    bigstore_version_2_support: z.boolean(),
    capabilities: z.array(z.string()),
    capability_name: z.string(),
    command_line_args: z.string(),
    compatible_redis_version: z.string(),
    config_command: z.string(),
    crdb: openObject,
    dependencies: openObject,
    description: z.string(),
    display_name: z.string(),
    email: z.string(),
    homepage: z.string(),
    is_bundled: z.boolean(),
    license: z.string(),
    min_redis_version: z.string(),
    module_name: z.string(),
    semantic_version: z.string(),
    uid: z.string(),
    version: int,
  })

  /** A shard (captures/shards_list.json keys; uid and node_uid are strings, bdb_uid a number, as captured). */
  const shardAnswer = z.strictObject({
    assigned_slots: z.string(),
    bdb_uid: int.min(1),
    detailed_status: z.string(),
    loading: z.strictObject({ status: z.string() }),
    node_uid: z.string().regex(/^\d+$/),
    redis_info: openObject,
    report_timestamp: z.string(),
    role: z.enum(['master', 'slave']),
    status: z.string(),
    uid: z.string().regex(/^\d+$/),
  })

  /** GET /v1/bootstrap (captures/bootstrap_status.json): the bootstrap state and the node's own description. */
  const bootstrapAnswer = z.strictObject({
    bootstrap_status: z.strictObject({
      end_time: wireTime.optional(),
      error_code: z.string().optional(),
      error_details: z.strictObject({ message: z.string() }).optional(),
      start_time: wireTime.optional(),
      state: z.enum(BOOTSTRAP_STATES),
    }),
    local_node_info: z.strictObject({
      architecture: z.string(),
      available_addresses: z.array(z.strictObject({ address: z.string(), format: z.enum(['ipv4', 'ipv6']), if_name: z.string(), private: z.boolean() })),
      bigredis_storage_path: z.string(),
      bridge_interfaces: z.array(z.json()),
      cnm_version_sha: z.string(),
      cores: int,
      ephemeral_storage_path: z.string(),
      ephemeral_storage_size: z.number(),
      fips_enabled: z.boolean(),
      os_family: z.string(),
      os_name: z.string(),
      os_semantic_version: z.string(),
      os_version: z.string(),
      persistent_storage_path: z.string(),
      persistent_storage_size: z.number(),
      short_hostname: z.string(),
      software_version: z.string(),
      supported_bigstore_drivers: z.array(z.string()),
      supported_database_versions: z.array(databaseVersion),
      total_memory: int,
      uid: z.string(),
      uptime: int,
    }),
  })

  /** POST /v1/bootstrap/validate/{action} refused: a bootstrap_status object (D:requests/bootstrap/validate), not the envelope. */
  const bootstrapValidationFailure = z.strictObject({
    error_code: z.enum(['config_error', 'connect_error', 'path_error', 'invalid_license']),
    error_details: z.strictObject({ message: z.string() }),
    state: z.literal('error'),
  })
  return { clusterAnswer, clusterUpdateBody, policyAnswer, policyUpdateBody, servicesAnswer, servicesUpdateBody, certificatesAnswer, licenseAnswer, ocspAnswer, ocspStatusAnswer, proxyAnswer, proxyUpdateBody, suffixAnswer, nodeAnswer, moduleAnswer, shardAnswer, bootstrapAnswer, bootstrapValidationFailure }
}

let built: ReturnType<typeof build> | undefined

/** The cluster group's response and request schemas (memoised: never built at import, issue #20). */
export function clusterSchemas(): ReturnType<typeof build> {
  return (built ??= build())
}
