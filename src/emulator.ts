// Builds the emulator from its options (store, clock, delays, one app per enabled provider) and puts the apps on ports.
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Express } from 'express'
import { ConfigError, parseConfig, type EmulatorConfig, type EmulatorOptions } from './config.js'
import { createListenerApp, createProviderApp, hasDue, settleProvider } from './core/app.js'
import { Clock } from './core/clock.js'
import { Delays, UnknownDelayError } from './core/delays.js'
import type { AnyProvider, ProviderContext } from './core/provider.js'
import { Store } from './core/store.js'
import { StorageWriteError } from './core/storage-errors.js'
import type { FileLayer } from './core/file-layer.js'
import { RealRedis, RealRedisSetupError, reconcilingStore } from './core/real-redis.js'
import { loadOrCreateCertificate, serverTlsOptions } from './core/tls.js'
import { serverClassesFor } from './core/server-classes.js'
import { completeSlices, sliceProblem, createControlRouter, type ControlExtension, type ControlPlane } from './control/routes.js'
import { faultInjector, faultRoutes, FaultRules } from './control/faults.js'
import { Journal, journalRecorder, journalRoutes } from './control/journal.js'
import { dashboardRoutes } from './control/dashboard.js'
import { EventHub, eventRoutes, watchJournal, watchStore } from './control/events.js'
import { stateRoutes } from './control/state.js'
import { openApiRoutes } from './control/openapi.js'
import { responseCheckFor } from './control/response-check.js'
import { RESPONSE_CHECK_ENV } from './control/response-check-env.js'
import { providers as registry } from './providers/index.js'

const packageRoot = fileURLToPath(new URL('..', import.meta.url))
export const FIXTURES_DIR = join(packageRoot, 'fixtures')
export const VERSION: string = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf-8')).version

export const STATE_FILE_NAME = 'state.json'
/** The dashboard's page, shipped as it is (no build step). */
export const DASHBOARD_PAGE_DIR = join(packageRoot, 'src', 'control', 'ui')

/** What only code can pass: tests inject a clock or a provider list. */
export interface EmulatorInjections {
  clock?: Clock
  registry?: AnyProvider[]
  controlExtensions?: ControlExtension[]
  fixturesDir?: string
  /** The store's file-system calls (tests make them fail on demand). */
  files?: FileLayer
  /** Test mode: where each response that drifts from its provider's OpenAPI document is reported (a JSON-lines file). */
  responseViolations?: string
}

export interface Emulator {
  config: EmulatorConfig
  store: Store
  clock: Clock
  delays: Delays
  providers: AnyProvider[]
  apps: Map<string, Express>
  contexts: Map<string, ProviderContext>
  plane: ControlPlane
  faults: FaultRules
  journal: Journal
  events: EventHub
  /** Real-Redis mode's servers (undefined when the mode is off); closed by RunningEmulator.close(). */
  realRedis?: RealRedis
}

function resolveSettings(provider: AnyProvider, given: Record<string, unknown> = {}): ProviderContext['settings'] {
  const settings: ProviderContext['settings'] = {}
  const flags = provider.flags ?? []
  for (const key of Object.keys(given)) {
    if (!flags.some((f) => f.setting === key)) throw new ConfigError(`${provider.id}: unknown setting "${key}"`)
  }
  for (const flag of flags) {
    const value = given[flag.setting] ?? flag.default
    const ok = flag.type === 'integer' ? Number.isInteger(value) : typeof value === flag.type
    if (!ok) throw new ConfigError(`${provider.id}: setting "${flag.setting}" must be a ${flag.type}`)
    settings[flag.setting] = value as boolean | number | string
  }
  return settings
}

export async function createEmulator(options: EmulatorOptions = {}, injections: EmulatorInjections = {}): Promise<Emulator> {
  const config = parseConfig(options)
  const all = injections.registry ?? registry
  for (const id of Object.keys(config.providers)) {
    if (!all.some((p) => p.id === id)) throw new ConfigError(`unknown provider "${id}"; known: ${all.map((p) => p.id).join(', ')}`)
  }
  const enabled = all.filter((p) => config.providers[p.id]?.enabled !== false)
  if (enabled.length === 0) throw new ConfigError('every provider is disabled')

  let delays: Delays
  try {
    delays = new Delays(Object.assign({}, ...enabled.map((p) => p.delays)), config.delays, config.fast)
  } catch (err) {
    if (err instanceof UnknownDelayError) throw new ConfigError(err.message)
    throw err
  }

  const clock = injections.clock ?? new Clock()
  const fixturesDir = injections.fixturesDir ?? FIXTURES_DIR
  const byId = new Map(enabled.map((p) => [p.id, p]))
  const emptySlice = (id: string) => byId.get(id)!.emptyState({ fixturesDir })
  const openedStore = await Store.open({
    file: config.inMemory ? undefined : resolve(config.dataDir, STATE_FILE_NAME),
    providerIds: enabled.map((p) => p.id),
    emptySlice,
    // every slice is validated when it enters, start-up included (DESIGN.md "State")
    validateSlice: (id, slice) => sliceProblem(byId.get(id)!, slice),
    files: injections.files,
  })
  let realRedis: RealRedis | undefined
  if (config.realRedis) {
    try {
      realRedis = RealRedis.create({ binary: config.redisServerPath, maxServers: config.realRedisMaxServers })
    } catch (err) {
      if (err instanceof RealRedisSetupError) throw new ConfigError(err.message)
      throw err
    }
  }
  const store = realRedis ? reconcilingStore(openedStore, realRedis) : openedStore

  const contexts = new Map<string, ProviderContext>()
  const plane: ControlPlane = {
    version: VERSION,
    startedAt: Date.now(),
    store,
    clock,
    delays,
    providers: enabled,
    fixturesDir,
    controlToken: config.controlToken,
    emptySlice,
    listeners: [],
    realRedis,
    contexts,
  }

  if (config.seedFile) {
    let document: unknown
    try {
      document = JSON.parse(readFileSync(resolve(config.seedFile), 'utf-8'))
    } catch (err) {
      throw new ConfigError(`cannot read seed file ${config.seedFile}: ${(err as Error).message}`)
    }
    try {
      await store.replaceSlices(completeSlices(plane, document))
    } catch (err) {
      throw new ConfigError(`seed file ${config.seedFile}: ${(err as Error).message}`)
    }
  }

  const faults = new FaultRules()
  const journal = new Journal(config.journalSize, { maxBodyBytes: config.journalMaxBodyBytes, maxBytes: config.journalMaxBytes })
  const events = new EventHub(clock)
  const resourceIndex = watchStore(events, store, enabled)
  watchJournal(events, journal)
  plane.events = events
  const controlExtensions = [
    faultRoutes(faults),
    journalRoutes(journal),
    stateRoutes(),
    eventRoutes(events),
    dashboardRoutes(DASHBOARD_PAGE_DIR, journal, resourceIndex),
    openApiRoutes(),
    ...(injections.controlExtensions ?? []),
  ]
  const apps = new Map<string, Express>()
  for (const provider of enabled) {
    const ctx: ProviderContext = {
      store,
      clock,
      delays,
      fixturesDir,
      settings: resolveSettings(provider, config.providers[provider.id]?.settings),
      realRedis: realRedis?.forProvider(provider.id),
    }
    contexts.set(provider.id, ctx)
    // one control router per provider, mounted on each of its listeners' apps
    const control = createControlRouter(plane, provider.id, controlExtensions)
    apps.set(
      provider.id,
      createProviderApp(provider, ctx, {
        control,
        bodyLimitBytes: config.bodyLimitBytes,
        beforeProvider: [journalRecorder(journal, provider.id), faultInjector(faults, provider, ctx)],
        responseCheck: responseCheckFor(provider, injections.responseViolations ?? process.env[RESPONSE_CHECK_ENV]),
      }),
    )
    // listeners with their own app (a metrics exporter) are keyed `<id>-<name>` like their urls
    for (const spec of provider.listeners) {
      if (spec.serve) {
        apps.set(`${provider.id}-${spec.name}`, createListenerApp(provider, ctx, spec.serve(ctx), control))
      }
    }
  }
  plane.settle = async (id) => {
    const provider = byId.get(id)
    const ctx = contexts.get(id)
    if (!provider || !ctx || !hasDue(provider, ctx, clock.now())) return
    // as for a provider read: a full disk that refuses the settled transitions leaves them due, and the state readable
    await settleProvider(provider, ctx, clock.now()).catch((err: unknown) => {
      if (!(err instanceof StorageWriteError)) throw err
    })
  }
  if (realRedis) {
    // after a restart, the servers of every stored resource come back
    realRedis.attach(openedStore, enabled.flatMap((p) => (p.realRedis ? [{ id: p.id, binding: p.realRedis }] : [])))
    realRedis.reconcile()
  }
  return { config, store, clock, delays, providers: enabled, apps, contexts, plane, faults, journal, events, realRedis }
}

export interface ListenerInfo {
  provider: string
  listener: string
  url: string
  port: number
  tls: boolean
}

export interface RunningEmulator extends Emulator {
  /** Keyed by provider id for the main listener, `<id>-<name>` for extra ones (redis-enterprise-http, redis-enterprise-metrics). */
  urls: Record<string, string>
  ports: Record<string, number>
  listeners: ListenerInfo[]
  close(): Promise<void>
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolveListen, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new ConfigError(`port ${port} on ${host} is already in use`) : err)
    }
    server.once('error', onError)
    server.listen(port, host, () => {
      server.off('error', onError)
      resolveListen((server.address() as AddressInfo).port)
    })
  })
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolveClose) => {
    server.close(() => resolveClose())
    server.closeAllConnections()
  })
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost'
  return host.includes(':') ? `[${host}]` : host
}

/** Starts the emulator; `port: 0` in the options puts every listener on a free port. */
export async function startEmulator(options: EmulatorOptions = {}, injections: EmulatorInjections = {}): Promise<RunningEmulator> {
  const emulator = await createEmulator(options, injections)
  const { config } = emulator
  await emulator.realRedis?.whenStarted()
  const servers: Server[] = []
  const listeners: ListenerInfo[] = []
  try {
    for (const provider of emulator.providers) {
      const providerOptions = config.providers[provider.id] ?? {}
      for (const spec of provider.listeners) {
        const key = spec.name ? `${provider.id}-${spec.name}` : provider.id
        const tls = spec.tls && providerOptions.tls !== false
        const requested = config.port ?? (spec.name ? providerOptions.ports?.[spec.name] : providerOptions.port) ?? spec.defaultPort
        const app = emulator.apps.get(key) ?? emulator.apps.get(provider.id)!
        const server = tls
          ? createHttpsServer({ ...serverTlsOptions(await loadOrCreateCertificate(config.inMemory ? undefined : resolve(config.dataDir))), ...serverClassesFor(app) }, app)
          : createHttpServer(serverClassesFor(app), app)
        servers.push(server)
        const port = await listen(server, requested, config.host)
        const info = { provider: provider.id, listener: key, port, tls, url: `${tls ? 'https' : 'http'}://${displayHost(config.host)}:${port}` }
        listeners.push(info)
        emulator.plane.listeners?.push(info)
      }
    }
  } catch (err) {
    await Promise.all(servers.map(closeServer))
    await emulator.store.close()
    await emulator.realRedis?.close()
    throw err
  }

  let closing: Promise<void> | undefined
  return {
    ...emulator,
    listeners,
    urls: Object.fromEntries(listeners.map((l) => [l.listener, l.url])),
    ports: Object.fromEntries(listeners.map((l) => [l.listener, l.port])),
    close: () =>
      (closing ??= (async () => {
        // first, so the event stream's watchers stop settling while the store closes
        emulator.events.close()
        await Promise.all(servers.map(closeServer))
        await emulator.store.close()
        await emulator.realRedis?.close()
      })()),
  }
}
