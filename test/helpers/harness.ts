// Test harness: an emulator with an in-memory store (or a real file), a frozen clock and supertest agents per provider.
import type { Express } from 'express'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import supertest from 'supertest'
import type { EmulatorOptions } from '../../src/config.js'
import { Clock } from '../../src/core/clock.js'
import { createEmulator, type Emulator, type EmulatorInjections } from '../../src/emulator.js'

/** Every harness starts at this instant, frozen; tests move it with clock.advance(). */
export const HARNESS_EPOCH = Date.parse('2026-01-15T10:00:00Z')

export interface Harness {
  emulator: Emulator
  clock: Clock
  app(providerId: string): Express
  request(providerId: string): ReturnType<typeof supertest>
}

export async function createHarness(options: EmulatorOptions = {}, injections: EmulatorInjections = {}): Promise<Harness> {
  const clock = injections.clock ?? new Clock()
  if (!injections.clock) clock.freeze(HARNESS_EPOCH)
  const emulator = await createEmulator({ inMemory: true, ...options }, { ...injections, clock })
  const app = (id: string) => {
    const found = emulator.apps.get(id)
    if (!found) throw new Error(`harness: provider "${id}" is not enabled`)
    return found
  }
  return { emulator, clock, app, request: (id) => supertest(app(id)) }
}

/** A fresh temporary folder, removed by the returned cleanup. */
export async function tempDir(prefix = 'rce-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) }
}

/**
 * A file-backed harness that can be "restarted": the second instance reads what the first wrote, as after a process
 * restart (a real JSON file, not lowdb's test preset).
 */
export async function createFileHarness(dataDir: string, options: EmulatorOptions = {}, clock?: Clock): Promise<Harness> {
  return createHarness({ ...options, inMemory: false, dataDir }, { clock })
}
