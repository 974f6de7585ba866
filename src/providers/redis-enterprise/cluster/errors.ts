// The error codes of the cluster set-up routes (bootstrap, settings, certificates, licence, OCSP, proxies, suffixes).
import { ProviderError } from '../../../core/errors.js'

/**
 * name -> [status, wire error_code]. The statuses are the docs' per route (reference §2, §4, §5, §8, §9, §13); where
 * the docs give a status but no code, the code is inferred (marked INF) and kept close to the provider's own words.
 */
export const CLUSTER_ERRORS = {
  // INF (reference §2 and redis-enterprise.md §1): "503 node not in an active cluster"; the docs give no error_code
  not_bootstrapped: [503, 'cluster_not_bootstrapped'],
  // D:requests/bootstrap: "409 Conflict: Bootstrap already in progress"; an already bootstrapped node answers it too (INF)
  bootstrap_conflict: [409, 'bootstrap_in_progress'],
  // reference §5.1, §5.2, §8, §9: "400 bad content" / invalid_schema (named on the OCSP page)
  invalid_schema: [400, 'invalid_schema'],
  // D:requests/license: "400 bad JSON object or corrupted license" (code INF, the bootstrap page's invalid_license)
  invalid_license: [400, 'invalid_license'],
  // D:requests/license: "406 License violation" (code INF)
  license_violation: [406, 'license_violation'],
  // D:requests/cluster/certificates: 400 invalid, 403 unknown name, 406 expired (codes INF except the bdb catalogue's)
  invalid_certificate: [400, 'invalid_certificate'],
  unknown_certificate: [403, 'unknown_certificate'],
  certificate_expired: [406, 'certificate_expired'],
  required_certificate: [403, 'required_certificate'],
  certificate_not_exist: [404, 'certificate_not_exist'],
  // reference §8
  no_responder_url: [406, 'no_responder_url'],
  // reference §9, §13: unknown proxy or suffix (codes INF)
  proxy_not_exist: [404, 'proxy_not_exist'],
  suffix_not_exist: [404, 'suffix_not_exist'],
} as const satisfies Record<string, readonly [number, string]>

export type ClusterErrorName = keyof typeof CLUSTER_ERRORS

export function clusterError(name: ClusterErrorName, description: string): ProviderError {
  const [status, code] = CLUSTER_ERRORS[name]
  return new ProviderError(status, code, description)
}
