// The provider's flags (index.ts) read into ClusterSettings, for the routes and the control-plane routes alike.
import type { ProviderContext } from '../../core/provider.js'
import type { ClusterSettings } from './cluster.js'

export function settingsOf(ctx: Pick<ProviderContext, 'settings'>): ClusterSettings {
  return {
    nodes: Math.max(1, Number(ctx.settings.nodes ?? 3)),
    shardsLimit: Math.max(0, Number(ctx.settings.shardsLimit ?? 4)),
    licenseExpired: Boolean(ctx.settings.licenseExpired ?? false),
    uniqueDbNames: Boolean(ctx.settings.uniqueDbNames ?? true),
    bootstrapped: Boolean(ctx.settings.bootstrapped ?? true),
  }
}
