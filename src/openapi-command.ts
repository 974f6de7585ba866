// `redis-cloud-emulator openapi <provider>`: prints a provider's OpenAPI document without starting the emulator.
import { Command } from 'commander'
import { openApiDocument } from './control/openapi.js'
import { providers as registry } from './providers/index.js'

/** The URLs a default start serves the provider's API on (its listeners that are not apps of their own). */
function defaultServers(id: string): string[] {
  const provider = registry.find((p) => p.id === id)!
  return provider.listeners.filter((l) => !l.serve).map((l) => `${l.tls ? 'https' : 'http'}://127.0.0.1:${l.defaultPort}`)
}

/** Runs the subcommand on `args` (what follows `openapi`); returns the exit code. */
export function runOpenApiCommand(args: string[], out: (text: string) => void = (t) => process.stdout.write(t)): number {
  const ids = registry.filter((p) => p.openapi).map((p) => p.id)
  let code = 0
  new Command('redis-cloud-emulator openapi')
    .description(`print a provider's OpenAPI 3.1 document (JSON); providers: ${ids.join(', ')}`)
    .argument('<provider>', ids.join(' | '))
    .option('--server <url>', 'a server URL for the document, repeatable (default: the default ports on 127.0.0.1)', (v: string, all: string[]) => [...all, v], [])
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .action((id: string, options: { server: string[] }) => {
      const provider = registry.find((p) => p.id === id && p.openapi)
      if (!provider) {
        process.stderr.write(`redis-cloud-emulator openapi: unknown provider "${id}"; one of: ${ids.join(', ')}\n`)
        code = 2
        return
      }
      const servers = options.server.length ? options.server : defaultServers(id)
      out(`${JSON.stringify(openApiDocument(provider, servers), null, 2)}\n`)
    })
    .parse(args, { from: 'user' })
  return code
}
