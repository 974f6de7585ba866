// A listening in-memory emulator for the hardening suites: frozen clock, one keep-alive client per provider, and the
// profile of every registered provider (a missing profile fails loudly).
import { startEmulator, type RunningEmulator } from '../../src/emulator.js'
import type { EmulatorOptions } from '../../src/config.js'
import { providers } from '../../src/providers/index.js'
import { Client } from './client.js'
import { profiles, type Fixture, type Profile } from './profiles/index.js'

export function profileOf(id: string): Profile {
  const profile = profiles[id]
  if (!profile) throw new Error(`provider "${id}" is registered but has no hardening profile in test/all-providers/profiles/`)
  return profile
}

/** Every registered provider with its profile, in registry order. */
export function registered(): { id: string; profile: Profile }[] {
  return providers.map((p) => ({ id: p.id, profile: profileOf(p.id) }))
}

export interface SuiteEmulator {
  emulator: RunningEmulator
  client(id: string): Client
  /** Resets the provider's slice and builds its fixture again. */
  fresh(id: string): Promise<Fixture>
  /** The provider's slice as JSON text: compared before and after a request. */
  snapshot(id: string): string
  close(): Promise<void>
}

export async function startSuiteEmulator(options: EmulatorOptions = {}): Promise<SuiteEmulator> {
  const providerOptions = Object.assign({}, ...registered().map(({ profile }) => profile.options ?? {}))
  const emulator = await startEmulator({ inMemory: true, port: 0, providers: providerOptions, ...options })
  emulator.clock.freeze()
  const clients = new Map<string, Client>()
  const client = (id: string) => {
    let found = clients.get(id)
    if (!found) {
      const url = emulator.urls[profileOf(id).listener]
      if (!url) throw new Error(`no listener ${profileOf(id).listener}`)
      clients.set(id, (found = new Client(url)))
    }
    return found
  }
  return {
    emulator,
    client,
    fresh: async (id) => {
      await emulator.store.reset([id])
      return profileOf(id).prepare(client(id), emulator)
    },
    snapshot: (id) => JSON.stringify(emulator.store.read(id)),
    close: async () => {
      for (const c of clients.values()) c.close()
      await emulator.close()
    },
  }
}
