// The command line: flags and EMULATOR_* variables -> emulator options, and the start-up banner.
import { Command, InvalidArgumentError, Option } from 'commander'
import { ConfigError, type EmulatorOptions, type ProviderOptions } from './config.js'
import type { AnyProvider } from './core/provider.js'
import { VERSION, type RunningEmulator } from './emulator.js'
import { providers as registry } from './providers/index.js'

function envName(flag: string): string {
  return `EMULATOR_${flag.replace(/-/g, '_').toUpperCase()}`
}

function parseBoolean(value: string): boolean {
  if (/^(true|1|yes|on)$/i.test(value)) return true
  if (/^(false|0|no|off)$/i.test(value)) return false
  throw new InvalidArgumentError('expected true or false')
}

function parsePort(value: string): number {
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('expected a port number 0-65535')
  return port
}

function parseInteger(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number')
  return Number(value)
}

// Repeatable flags also accept comma-separated lists, which is how their environment variables are written.
function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)]
}

function parseDelays(entries: string[]): Record<string, number> {
  const delays: Record<string, number> = {}
  for (const entry of entries) {
    const match = entry.match(/^([\w.-]+)=(\d+)$/)
    if (!match) throw new ConfigError(`--delay expects <name>=<ms>, got "${entry}"`)
    delays[match[1]] = Number(match[2])
  }
  return delays
}

function option(flags: string, description: string, envFlag: string): Option {
  return new Option(flags, description).env(envName(envFlag))
}

function providerFlagKey(provider: AnyProvider, suffix: string): string {
  return `${provider.id}-${suffix}`
}

function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())
}

export function buildCommand(): Command {
  const program = new Command('redis-cloud-emulator')
    .description('Local emulator of the Redis Enterprise Software, JDCloud, KakaoCloud and Redis To Go management APIs')
    .version(VERSION)
    .addOption(option('--host <host>', 'address to listen on', 'host').default('127.0.0.1'))
    .addOption(option('--data-dir <dir>', 'folder of the state file and TLS certificate', 'data-dir').default('./.emulator-data'))
    .addOption(option('--in-memory', 'keep state in memory only (nothing written to disk)', 'in-memory'))
    .addOption(option('--fast', 'every state-machine delay 0 (resources settle on the next request)', 'fast'))
    .addOption(option('--delay <name=ms>', 'set a named delay, repeatable (see GET /_emulator/delays)', 'delays').argParser(collectList))
    .addOption(
      option('--disable <provider>', `do not start a provider, repeatable (${registry.map((p) => p.id).join(', ')})`, 'disable').argParser(
        collectList,
      ),
    )
    .addOption(option('--seed <file>', 'load a seed document on start', 'seed'))
    .addOption(option('--control-token <token>', 'require X-Emulator-Token on /_emulator', 'control-token'))
    .addOption(option('--real-redis', 'back created databases with real redis-server processes on 127.0.0.1', 'real-redis'))
    .addOption(
      option('--real-redis-max-servers <n>', 'most real redis-servers at once (default 16)', 'real-redis-max-servers').argParser(parseInteger),
    )
    .addOption(option('--redis-server-path <file>', 'the redis-server to run (default: from PATH)', 'redis-server-path'))
    .addOption(option('--journal-size <n>', 'most requests the journal keeps (default 1000; 0 turns it off)', 'journal-size').argParser(parseInteger))
    .addOption(
      option('--journal-max-body-bytes <n>', 'most bytes kept of each journalled body, the rest cut (default 65536)', 'journal-max-body-bytes').argParser(
        parseInteger,
      ),
    )
    .addOption(option('--journal-max-bytes <n>', 'most bytes the whole journal keeps (default 33554432)', 'journal-max-bytes').argParser(parseInteger))

  for (const provider of registry) {
    for (const listener of provider.listeners) {
      const key = providerFlagKey(provider, listener.name ? `${listener.name}-port` : 'port')
      program.addOption(
        option(`--${key} <port>`, `${provider.title}${listener.name ? ` ${listener.name}` : ''} port (default ${listener.defaultPort})`, key).argParser(
          parsePort,
        ),
      )
    }
    if (provider.listeners.some((l) => l.tls)) {
      const key = providerFlagKey(provider, 'tls')
      program.addOption(option(`--${key} <bool>`, `${provider.title}: serve HTTPS (default true)`, key).argParser(parseBoolean))
    }
    for (const flag of provider.flags ?? []) {
      const key = providerFlagKey(provider, flag.flag)
      const parser: (value: string) => any = flag.type === 'boolean' ? parseBoolean : flag.type === 'integer' ? parseInteger : (v: string) => v
      program.addOption(option(`--${key} <value>`, `${provider.title}: ${flag.description} (default ${String(flag.default)})`, key).argParser(parser))
    }
  }
  return program
}

export function optionsFromCommand(values: Record<string, unknown>): EmulatorOptions {
  const disabled = (values.disable as string[] | undefined) ?? []
  for (const id of disabled) {
    if (!registry.some((p) => p.id === id)) throw new ConfigError(`--disable: unknown provider "${id}"`)
  }
  const providers: Record<string, ProviderOptions> = {}
  for (const provider of registry) {
    const options: ProviderOptions = {}
    if (disabled.includes(provider.id)) options.enabled = false
    for (const listener of provider.listeners) {
      const value = values[camel(providerFlagKey(provider, listener.name ? `${listener.name}-port` : 'port'))] as number | undefined
      if (value === undefined) continue
      if (listener.name) options.ports = { ...options.ports, [listener.name]: value }
      else options.port = value
    }
    const tls = values[camel(providerFlagKey(provider, 'tls'))] as boolean | undefined
    if (tls !== undefined) options.tls = tls
    for (const flag of provider.flags ?? []) {
      const value = values[camel(providerFlagKey(provider, flag.flag))]
      if (value !== undefined) options.settings = { ...options.settings, [flag.setting]: value as boolean | number | string }
    }
    if (Object.keys(options).length) providers[provider.id] = options
  }
  return {
    host: values.host as string,
    dataDir: values.dataDir as string,
    inMemory: Boolean(values.inMemory),
    fast: Boolean(values.fast),
    delays: parseDelays((values.delay as string[] | undefined) ?? []),
    seedFile: values.seed as string | undefined,
    controlToken: values.controlToken as string | undefined,
    providers,
    realRedis: Boolean(values.realRedis),
    realRedisMaxServers: values.realRedisMaxServers as number | undefined,
    redisServerPath: values.redisServerPath as string | undefined,
    journalSize: values.journalSize as number | undefined,
    journalMaxBodyBytes: values.journalMaxBodyBytes as number | undefined,
    journalMaxBytes: values.journalMaxBytes as number | undefined,
  }
}

export function banner(emulator: RunningEmulator): string {
  const lines = [`redis-cloud-emulator ${VERSION} — ${emulator.store.persistent ? `state in ${emulator.config.dataDir}` : 'in memory'}`]
  for (const provider of emulator.providers) {
    const urls = emulator.listeners.filter((l) => l.provider === provider.id).map((l) => l.url)
    lines.push('', `${provider.title} (${provider.id}): ${urls.join('  ')}`)
    for (const line of provider.banner(emulator.contexts.get(provider.id)!)) lines.push(`  ${line}`)
  }
  if (emulator.realRedis) {
    lines.push('', `Real Redis: every created database is a redis-server on 127.0.0.1 (at most ${emulator.realRedis.maxServers} at once)`)
  }
  // the dashboard is on every port; the first plain-HTTP one opens in a browser without a certificate warning
  const dashboard = emulator.listeners.find((l) => !l.tls) ?? emulator.listeners[0]
  lines.push('', `Dashboard: ${dashboard.url}/_emulator/ui (on every port)`)
  lines.push('', 'Control plane on every port: /_emulator/health, /reset, /seed, /clock, /delays, /faults, /requests, /state, /events. Ctrl-C stops.')
  return lines.join('\n')
}

