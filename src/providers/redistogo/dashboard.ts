// What the dashboard shows of Redis To Go: instances by account, in JSON and XML as the API answers them, and curl.
import type { DashboardSpec } from '../../core/provider.js'
import { RTG_ERRORS } from './errors.js'
import { cachedInstanceXml } from './format.js'
import type { RedistogoSlice } from './model.js'

export const redistogoDashboard: DashboardSpec<RedistogoSlice> = {
  collections: [
    {
      collection: 'instances',
      kind: 'instance',
      openapiTag: 'instances',
      scope: (instance, slice) => slice.accounts.find((a) => a.user_id === instance.user_id)?.username,
      name: (instance) => instance.label ?? `instance ${instance.id}`,
      status: (instance) => instance.status,
      // seed 003: GET /instances/:id.json is the bare object, .xml an <instance> document
      body: (instance) => instance,
      xml: (instance) => cachedInstanceXml(instance),
    },
  ],
  errorCodes: RTG_ERRORS,
  // fixtures' default credentials
  credentials: () => ({ Authorization: `Basic ${Buffer.from('redistogo:redistogo').toString('base64')}` }),
  snippets: (url) => [
    { title: 'curl: create (JSON)', code: `curl -u redistogo:redistogo -H 'Content-Type: application/json' -d '{"instance":{"plan":"nano"}}' ${url}/instances.json` },
    { title: 'curl: list (XML)', code: `curl -u redistogo:redistogo ${url}/instances.xml` },
  ],
}
