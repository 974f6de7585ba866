// JDCloud JCS for Redis API v1 (seed 000): the 10 interfaces under /v1/regions/{regionId}/...
import { Router } from 'express'
import { emptyLifecycle, type LifecycleSlice } from '../../core/lifecycle.js'
import type { Provider } from '../../core/provider.js'
import { coreError, renderError } from './errors.js'

export interface JdcloudSlice extends LifecycleSlice {}

export const jdcloud: Provider<JdcloudSlice> = {
  id: 'jdcloud',
  title: 'JDCloud JCS for Redis',
  listeners: [{ name: '', defaultPort: 7101, tls: false }],
  delays: {
    'jdcloud.instance.create': 1000,
    'jdcloud.instance.modifyClass': 1000,
    'jdcloud.instance.delete': 500,
  },
  emptyState: () => ({ lifecycle: emptyLifecycle() }),
  lifecycle: {},
  router: () => Router(),
  coreError,
  renderError,
  banner: () => [],
}
