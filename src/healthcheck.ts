// Container healthcheck: exits 0 when every enabled provider answers /_emulator/health (ports from the same EMULATOR_* variables).
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { providers } from './providers/index.js'

function envValue(flag: string): string | undefined {
  return process.env[`EMULATOR_${flag.replace(/-/g, '_').toUpperCase()}`]
}

function probe(url: string): Promise<boolean> {
  const requester = url.startsWith('https:') ? httpsRequest : httpRequest
  return new Promise((resolve) => {
    const req = requester(`${url}/_emulator/health`, { rejectUnauthorized: false, timeout: 2000, agent: false }, (res) => {
      res.resume()
      resolve(res.statusCode === 200)
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(false))
    req.end()
  })
}

const disabled = (envValue('disable') ?? '').split(',').map((s) => s.trim())
const checks: Promise<boolean>[] = []
for (const provider of providers) {
  if (disabled.includes(provider.id)) continue
  const main = provider.listeners.find((l) => !l.name)!
  const tls = main.tls && !/^(false|0|no|off)$/i.test(envValue(`${provider.id}-tls`) ?? '')
  const port = envValue(`${provider.id}-port`) ?? String(main.defaultPort)
  checks.push(probe(`${tls ? 'https' : 'http'}://127.0.0.1:${port}`))
}
const results = await Promise.all(checks)
process.exit(results.every(Boolean) ? 0 : 1)
