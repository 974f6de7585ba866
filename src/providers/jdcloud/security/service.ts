// The IP whitelist of an instance (reference-more §5): a full replacement, `0.0.0.0/0` (any address) by default.
import type { ProviderContext } from '../../../core/provider.js'
import { ownDraftInstance, ownInstance, requireRunning } from '../instance-route.js'
import type { JdcloudSlice } from '../model.js'
import type { Scope } from '../service.js'

const ID = 'jdcloud'
// reference-more §5 (INF): a new instance accepts any address
export const DEFAULT_IP_WHITE_LIST = ['0.0.0.0/0']

export function describeIpWhiteList(ctx: ProviderContext, scope: Scope, id: string) {
  return { ipWhiteList: ownInstance(ctx, scope, id).ipWhiteList ?? DEFAULT_IP_WHITE_LIST }
}

export async function modifyIpWhiteList(ctx: ProviderContext, scope: Scope, id: string, ipWhiteList: string[]) {
  await ctx.store.mutate<JdcloudSlice>(ID, (draft) => {
    const stored = ownDraftInstance(draft, scope, id)
    requireRunning(stored, 'change its IP whitelist')
    // reference-more §5: the list after the change replaces the old one; duplicates kept once (INF)
    stored.ipWhiteList = [...new Set(ipWhiteList)]
  })
}
