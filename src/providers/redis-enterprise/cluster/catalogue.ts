// The static defaults of the cluster set-up objects, read once from fixtures/redis-enterprise/ (captures and defaults).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { JsonObject } from '../model.js'

export interface SetupCatalogue {
  /** captures/proxies_list.json: the one proxy of the captured single node */
  proxyTemplate: JsonObject
  /** captures/ocsp.json: GET /v1/ocsp on a fresh cluster */
  ocsp: JsonObject
  /** the emulator's own self-signed pair for the certificates the capture does not show (default-certificate.json) */
  defaultCertificate: { certificate: string; key: string }
}

function readJson<T>(dir: string, file: string): T {
  return JSON.parse(readFileSync(join(dir, 'redis-enterprise', file), 'utf-8')) as T
}

export function loadSetupCatalogue(fixturesDir: string): SetupCatalogue {
  return {
    proxyTemplate: readJson<JsonObject[]>(fixturesDir, 'captures/proxies_list.json')[0],
    ocsp: readJson(fixturesDir, 'captures/ocsp.json'),
    defaultCertificate: readJson(fixturesDir, 'default-certificate.json'),
  }
}
