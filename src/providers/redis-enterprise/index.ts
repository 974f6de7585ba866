// Redis Enterprise Software cluster REST API (seeds 002, 004): HTTPS 9443 and plain HTTP 8080.
import { Router } from 'express'
import { emptyLifecycle, type LifecycleSlice } from '../../core/lifecycle.js'
import type { Provider } from '../../core/provider.js'
import { coreError, renderError } from './errors.js'

export interface RedisEnterpriseSlice extends LifecycleSlice {}

export const redisEnterprise: Provider<RedisEnterpriseSlice> = {
  id: 'redis-enterprise',
  title: 'Redis Enterprise Software',
  listeners: [
    { name: '', defaultPort: 9443, tls: true },
    { name: 'http', defaultPort: 8080, tls: false },
  ],
  delays: {
    'redis-enterprise.bdb.create': 1000,
    'redis-enterprise.bdb.update': 500,
    'redis-enterprise.bdb.delete': 500,
  },
  emptyState: () => ({ lifecycle: emptyLifecycle() }),
  lifecycle: {},
  router: () => Router(),
  coreError,
  renderError,
  banner: () => [],
}
