// Reads HTTP Basic credentials from a request without judging them (for tooling that targets one account).
import type { Request } from 'express'

export function basicCredentials(req: Request): { user: string; password: string } | undefined {
  const match = req.get('authorization')?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i)
  if (!match) return undefined
  const decoded = Buffer.from(match[1], 'base64').toString('utf-8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}
