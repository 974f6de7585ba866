// The control plane's metrics hook for Redis Enterprise (PUT /_emulator/metrics): pin one metric of a bdb or node.
import { reError } from '../errors.js'
import type { RedisEnterpriseSlice } from '../model.js'
import { PROVIDER_ID, type Services } from '../service.js'
import { applySetMetric, setMetricSchema } from '../stats/overrides.js'

/** Resolves to the problem with the request, or undefined once the value is pinned (or released, value null). */
export async function setMetric(services: Services, body: unknown): Promise<string | undefined> {
  const parsed = setMetricSchema().safeParse(body)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return `${issue.path.join('.') || 'body'}: ${issue.message} (expected {"object": "bdb"|"node", "uid": <int>, "metric": "<name>", "value": <number>|null})`
  }
  const request = parsed.data
  try {
    await services.store.mutate<RedisEnterpriseSlice>(PROVIDER_ID, (draft) => {
      const exists = request.object === 'node' ? request.uid <= services.settings.nodes : Object.hasOwn(draft.bdbs, String(request.uid))
      // releasing a value of an object that is gone is fine; pinning one needs the object
      if (!exists && request.value !== null) throw reError('not_found', `${request.object} ${request.uid} does not exist`)
      applySetMetric(draft, request)
    })
  } catch (err) {
    return (err as Error).message
  }
  return undefined
}
