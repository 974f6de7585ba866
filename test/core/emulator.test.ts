// startEmulator(): real listeners on free ports, TLS where the provider asks for it, clean close, reused certificate.
import { createPrivateKey, X509Certificate } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { get as httpsGet } from 'node:https'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator } from '../../src/index.js'
import { send } from '../helpers/http.js'
import { tempDir } from '../helpers/harness.js'

describe('startEmulator', () => {
  let dir: string
  let cleanup: () => Promise<void>
  beforeEach(async () => ({ dir, cleanup } = await tempDir()))
  afterEach(() => cleanup())

  it('puts every listener on a free port with port 0, HTTPS on redis-enterprise, and answers health on each', async () => {
    const emulator = await startEmulator({ inMemory: true, port: 0 })
    try {
      expect(Object.keys(emulator.urls).sort()).toEqual(['jdcloud', 'kakaocloud', 'redis-enterprise', 'redis-enterprise-http', 'redis-enterprise-metrics', 'redistogo'])
      expect(emulator.urls['redis-enterprise']).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
      expect(emulator.urls['redis-enterprise-http']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(emulator.urls['redis-enterprise-metrics']).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
      for (const [key, url] of Object.entries(emulator.urls)) {
        const res = await send('GET', `${url}/_emulator/health`)
        expect(res.status, key).toBe(200)
        expect(res.json<{ provider: string }>().provider).toBe(key.replace(/-(http|metrics)$/, ''))
      }
      expect(new Set(Object.values(emulator.ports)).size).toBe(6)
    } finally {
      await emulator.close()
    }
    await expect(send('GET', `${emulator.urls.jdcloud}/_emulator/health`)).rejects.toThrow(/ECONNREFUSED/)
  })

  it('serves plain HTTP on 9443\'s listener when TLS is turned off, and can disable providers', async () => {
    const emulator = await startEmulator({
      inMemory: true,
      port: 0,
      providers: { 'redis-enterprise': { tls: false }, kakaocloud: { enabled: false }, redistogo: { enabled: false } },
    })
    try {
      expect(emulator.urls['redis-enterprise']).toMatch(/^http:\/\//)
      expect(Object.keys(emulator.urls).sort()).toEqual(['jdcloud', 'redis-enterprise', 'redis-enterprise-http', 'redis-enterprise-metrics'])
    } finally {
      await emulator.close()
    }
  })

  it('keeps the generated certificate in the data dir and serves the same one after a restart', async () => {
    const first = await startEmulator({ dataDir: dir, port: 0 })
    const certA = (await send('GET', `${first.urls['redis-enterprise']}/_emulator/health`)).peerCertificate
    await first.close()
    expect(existsSync(join(dir, 'tls-cert.pem'))).toBe(true)
    const second = await startEmulator({ dataDir: dir, port: 0 })
    try {
      const certB = (await send('GET', `${second.urls['redis-enterprise']}/_emulator/health`)).peerCertificate
      expect(certA).toBeTruthy()
      expect(certB).toBe(certA)
    } finally {
      await second.close()
    }
  })

  it('makes a certificate for localhost, 127.0.0.1 and ::1 that a client can pin (an EC P-256 key, made in-process: issue #20)', async () => {
    const emulator = await startEmulator({ dataDir: dir, port: 0, providers: { jdcloud: { enabled: false }, kakaocloud: { enabled: false }, redistogo: { enabled: false } } })
    try {
      const cert = readFileSync(join(dir, 'tls-cert.pem'), 'utf-8')
      const x509 = new X509Certificate(cert)
      expect(x509.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1')
      const key = createPrivateKey(readFileSync(join(dir, 'tls-key.pem'), 'utf-8'))
      expect(x509.checkPrivateKey(key)).toBe(true)
      expect(key.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' })
      // self-signed, for a server, not a CA, valid from before now for ten years
      expect(x509.verify(x509.publicKey)).toBe(true)
      expect(x509.subject).toBe('CN=localhost')
      expect(x509.issuer).toBe('CN=localhost')
      expect(x509.ca).toBe(false)
      expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1'])
      expect(Date.parse(x509.validFrom)).toBeLessThan(Date.now())
      expect(Date.parse(x509.validTo)).toBeGreaterThan(Date.now() + 9 * 365 * 24 * 3600 * 1000)
      const status = await new Promise<number | undefined>((resolve, reject) => {
        httpsGet(`${emulator.urls['redis-enterprise']}/_emulator/health`, { ca: cert }, (res) => {
          res.resume()
          resolve(res.statusCode)
        }).on('error', reject)
      })
      expect(status).toBe(200)
    } finally {
      await emulator.close()
    }
  })

  it('rejects bad options with a clear error', async () => {
    await expect(startEmulator({ inMemory: true, providers: { aws: {} } })).rejects.toThrow(/unknown provider "aws"/)
    await expect(startEmulator({ inMemory: true, delays: { 'jdcloud.nope': 1 } })).rejects.toThrow(/unknown delay "jdcloud.nope"/)
    await expect(startEmulator({ inMemory: true, host: '' })).rejects.toThrow(/host/)
    await expect(startEmulator({ inMemory: true, bogus: 1 } as never)).rejects.toThrow(/bogus/)
  })

  it('fails clearly when a port is taken, leaving no listener behind', async () => {
    const holder = await startEmulator({ inMemory: true, port: 0, providers: { 'redis-enterprise': { enabled: false } } })
    try {
      await expect(
        startEmulator({ inMemory: true, providers: { jdcloud: { port: holder.ports.jdcloud }, 'redis-enterprise': { enabled: false }, kakaocloud: { port: 0 }, redistogo: { port: 0 } } }),
      ).rejects.toThrow(`port ${holder.ports.jdcloud} on 127.0.0.1 is already in use`)
    } finally {
      await holder.close()
    }
  })
})
