// What the dashboard shows of KakaoCloud: clusters, custom parameter groups and backups by project, error codes, curl.
import type { DashboardSpec } from '../../core/provider.js'
import { KcErrors } from './errors.js'
import type { KakaocloudSlice } from './model.js'

export const kakaocloudDashboard: DashboardSpec<KakaocloudSlice> = {
  collections: [
    // GET /v1/clusters/{id} answers the stored cluster (instance sets are clusters too)
    { collection: 'clusters', kind: 'cluster', openapiTag: 'clusters', scope: (c) => c.projectId, name: (c) => c.name, status: (c) => c.status, body: (c) => c },
    {
      collection: 'parameterGroups',
      kind: 'parameter group',
      openapiTag: 'parameter-groups',
      scope: (group, slice) => slice.parameterGroupOwners[group.objectId],
      name: (group) => group.name,
      body: (group) => group,
    },
    { collection: 'backups', kind: 'backup', openapiTag: 'backups', scope: (b) => b.projectId, name: (b) => b.name, status: (b) => b.status, body: (b) => b },
  ],
  errorCodes: KcErrors,
  // a token still valid on the emulator clock (the ready-made one while it lasts), the longest-lived first
  credentials: (_request, slice, now) => {
    const live = Object.entries(slice.tokens)
      .filter(([, token]) => token.expiresAt > now)
      .sort(([, a], [, b]) => b.expiresAt - a.expiresAt)[0]
    return { 'X-Auth-Token': live ? live[0] : '$TOKEN' }
  },
  snippets: (url) => [
    {
      title: 'curl: an IAM token, then the clusters',
      code: [
        `TOKEN=$(curl -si ${url}/identity/v3/auth/tokens -H 'Content-Type: application/json' -d '{"auth":{"identity":{"methods":["application_credential"],"application_credential":{"id":"8efe34ea20a54cad917a3e5bf71f246b","secret":"emulator-secret-access-key"}}}}' | sed -n 's/^[Xx]-[Ss]ubject-[Tt]oken: //p' | tr -d '\\r')`,
        `curl -s ${url}/v1/clusters -H "X-Auth-Token: $TOKEN"`,
      ].join('\n'),
    },
  ],
}
