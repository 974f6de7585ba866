// Finding the redis-server binary for real-Redis mode: --redis-server-path or PATH, and its version.
import { spawnSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

export class RealRedisSetupError extends Error {}

const found = new Map<string, { binary: string; version: string }>()

/** The redis-server on PATH (or the given file) and its version; throws RealRedisSetupError when there is none. */
export function findRedisServer(explicit?: string): { binary: string; version: string } {
  const cacheKey = `${explicit ?? ''}\u0000${process.env.PATH ?? ''}`
  const known = found.get(cacheKey)
  if (known) return known
  const result = lookUpRedisServer(explicit)
  found.set(cacheKey, result)
  return result
}

function lookUpRedisServer(explicit?: string): { binary: string; version: string } {
  const candidates = explicit
    ? [explicit]
    : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'redis-server'))
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK)
    } catch {
      continue
    }
    const version = redisServerVersion(candidate)
    if (version) return { binary: candidate, version }
  }
  throw new RealRedisSetupError(
    explicit
      ? `--redis-server-path ${explicit} is not a runnable redis-server`
      : '--real-redis needs redis-server on PATH (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or --redis-server-path <file>',
  )
}

/** The major.minor of a redis-server binary, or undefined when it cannot be run. */
export function redisServerVersion(binary: string): string | undefined {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf-8', timeout: 5_000 })
  if (result.error || result.status !== 0) return undefined
  return result.stdout.match(/v=(\d+\.\d+(\.\d+)?)/)?.[1]
}
