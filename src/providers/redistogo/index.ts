// Redis To Go provisioning API (seed 003): instances in JSON and XML.
import { Router } from 'express'
import { emptyLifecycle, type LifecycleSlice } from '../../core/lifecycle.js'
import type { Provider } from '../../core/provider.js'
import { coreError, renderError } from './errors.js'

export interface RedistogoSlice extends LifecycleSlice {}

export const redistogo: Provider<RedistogoSlice> = {
  id: 'redistogo',
  title: 'Redis To Go',
  listeners: [{ name: '', defaultPort: 7103, tls: false }],
  delays: {
    'redistogo.instance.create': 1000,
    'redistogo.instance.upgrade': 500,
  },
  emptyState: () => ({ lifecycle: emptyLifecycle() }),
  lifecycle: {},
  router: () => Router(),
  coreError,
  renderError,
  banner: () => [],
}
