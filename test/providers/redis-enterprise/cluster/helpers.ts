// Helpers for the cluster set-up tests: licence keys in the emulator's format, test certificates, an unbootstrapped node.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import supertest from 'supertest'
import { createReHarness, RE, type ReHarness } from '../../../helpers/redis-enterprise.js'

/** A licence key as cluster/license.ts reads it: the real framing around base64 of the terms. */
export function licenseKey(terms: Record<string, unknown>): string {
  const payload = Buffer.from(JSON.stringify(terms)).toString('base64').replace(/(.{64})/g, '$1\n')
  return `----- LICENSE START -----\n${payload}\n----- LICENSE END -----\n`
}

export interface Pair {
  certificate: string
  key: string
}

/** test/fixtures/redis-enterprise/certificates.json: `ocsp` names an OCSP responder, `shortLived` expires 2026-11-30. */
export const CERTS = JSON.parse(readFileSync(join(import.meta.dirname, '../../../fixtures/redis-enterprise/certificates.json'), 'utf-8')) as {
  ocsp: Pair
  plain: Pair
  shortLived: Pair
}

/** A node started with --redis-enterprise-bootstrapped false. */
export async function freshNode(settings: Record<string, number | boolean | string> = {}): Promise<ReHarness> {
  return createReHarness({ bootstrapped: false, ...settings })
}

/** Unauthenticated requests (an unbootstrapped node has no users). */
export function anonymous(h: ReHarness) {
  return supertest(h.app(RE))
}

export const BOOTSTRAP_START = 'redis-enterprise.bootstrap.start'
export const BOOTSTRAP_CREATE = 'redis-enterprise.bootstrap.create'

/** Moves the clock through both bootstrap delays. */
export function finishBootstrap(h: ReHarness): void {
  h.clock.advance(h.emulator.delays.get(BOOTSTRAP_START))
  h.clock.advance(h.emulator.delays.get(BOOTSTRAP_CREATE))
}
