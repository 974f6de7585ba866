// Ports for real-Redis servers on loopback: probing, a free one from the OS, and claims shared by emulators running
// side by side (lock files holding the owner's pid).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LOOPBACK } from './redis-server.js'

export function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, LOOPBACK, () => probe.close(() => resolve(true)))
  })
}

export function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, LOOPBACK, () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/**
 * Ports claimed by this process, and lock files (`<tmp>/rce-redis-port-locks/<port>`, holding the owner's pid) so that
 * emulators running side by side (parallel test workers) never pick the same preferred port between probe and bind.
 */
const claimedHere = new Set<number>()
const LOCK_DIR = join(tmpdir(), 'rce-redis-port-locks')

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function claimPort(port: number): boolean {
  if (claimedHere.has(port)) return false
  mkdirSync(LOCK_DIR, { recursive: true })
  const file = join(LOCK_DIR, String(port))
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' })
      claimedHere.add(port)
      return true
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const owner = Number(readFileSync(file, 'utf-8') || 0)
      // a lock left by an emulator that died (or by this process's earlier run) is taken over
      if (owner && owner !== process.pid && processAlive(owner)) return false
      rmSync(file, { force: true })
    }
  }
  return false
}

export function releasePort(port: number): void {
  if (!claimedHere.delete(port)) return
  rmSync(join(LOCK_DIR, String(port)), { force: true })
}
