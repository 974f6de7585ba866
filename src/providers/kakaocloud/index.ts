// KakaoCloud Advanced Managed Redis (MemStore) API (seed 001) and its IAM token endpoint.
import { Router } from 'express'
import { emptyLifecycle, type LifecycleSlice } from '../../core/lifecycle.js'
import type { Provider } from '../../core/provider.js'
import { coreError, renderError } from './errors.js'

export interface KakaocloudSlice extends LifecycleSlice {}

export const kakaocloud: Provider<KakaocloudSlice> = {
  id: 'kakaocloud',
  title: 'KakaoCloud Advanced Managed Redis',
  listeners: [{ name: '', defaultPort: 7102, tls: false }],
  delays: {
    'kakaocloud.cluster.create': 1000,
    'kakaocloud.cluster.modify': 500,
    'kakaocloud.cluster.delete': 500,
    'kakaocloud.backup.create': 500,
  },
  emptyState: () => ({ lifecycle: emptyLifecycle() }),
  lifecycle: {},
  router: () => Router(),
  coreError,
  renderError,
  banner: () => [],
}
