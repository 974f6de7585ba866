// The cluster resource group: bootstrap, settings and policy, certificates, licence, OCSP, proxies, suffixes, topology.
import type { Router } from 'express'
import type { Services } from '../service.js'
import { bootstrapRoutes } from './bootstrap.js'
import { certificateRoutes } from './certificates.js'
import { licenseRoutes } from './license.js'
import { ocspRoutes } from './ocsp.js'
import { proxyRoutes } from './proxies.js'
import { settingsRoutes } from './settings.js'
import { suffixRoutes } from './suffixes.js'
import { topologyRoutes } from './topology.js'

export { bootstrapGate } from './bootstrap.js'
export { bootstrapLifecycle, BOOTSTRAP_DELAYS } from './bootstrap-machine.js'
export { licenseExpired, shardsLimit } from './license.js'
export { endpointDomain } from './suffixes.js'

/** Mounts every cluster route (after auth); the unbootstrapped gate (bootstrapGate) goes before auth. */
export function clusterRoutes(router: Router, services: Services): void {
  settingsRoutes(router, services)
  bootstrapRoutes(router, services)
  topologyRoutes(router, services)
  licenseRoutes(router, services)
  certificateRoutes(router, services)
  ocspRoutes(router, services)
  proxyRoutes(router, services)
  suffixRoutes(router, services)
}
