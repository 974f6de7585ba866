// issue #19 item 1: the documents at /_emulator/openapi/<provider>.json on every port, and the `openapi` command.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../src/emulator.js'
import { runOpenApiCommand } from '../../src/openapi-command.js'
import { MAIN } from '../helpers/cli.js'

const run = promisify(execFile)

describe('GET /_emulator/openapi', () => {
  let emulator: RunningEmulator
  beforeAll(async () => {
    emulator = await startEmulator({ inMemory: true, port: 0, fast: true })
  })
  afterAll(async () => emulator.close())

  it("lists one document per enabled provider that describes its API, on any provider's port", async () => {
    const res = await fetch(`${emulator.urls.jdcloud}/_emulator/openapi`)
    expect(res.status).toBe(200)
    const { documents } = (await res.json()) as { documents: { provider: string; url: string }[] }
    expect(documents.map((d) => d.provider)).toContain('redistogo')
    for (const d of documents) expect(d.url).toBe(`/_emulator/openapi/${d.provider}.json`)
  })

  it("serves a provider's document with the emulator's own URLs for that API as servers", async () => {
    const res = await fetch(`${emulator.urls.redistogo}/_emulator/openapi/redistogo.json`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const doc = (await res.json()) as { openapi: string; servers: { url: string }[]; paths: Record<string, Record<string, { 'x-emulator-source': string }>> }
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.servers).toEqual([{ url: emulator.urls.redistogo }])
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/instances', '/instances.{format}', '/instances/{id}', '/instances/{id}.{format}']))
    expect(doc.paths['/instances']!.post!['x-emulator-source']).toBe('seed 003')
  })

  it('an unknown document is a 404 in the control plane shape', async () => {
    const res = await fetch(`${emulator.urls.redistogo}/_emulator/openapi/heroku.json`)
    expect(res.status).toBe(404)
    const body = (await res.json()) as { error: { message: string } }
    expect(body.error.message).toMatch(/no OpenAPI document "heroku.json"/)
  })
})

describe('redis-cloud-emulator openapi <provider>', () => {
  it('prints the document with the default ports as servers, or the --server URLs given', () => {
    let printed = ''
    expect(runOpenApiCommand(['redistogo'], (t) => (printed += t))).toBe(0)
    const doc = JSON.parse(printed) as { info: { title: string }; servers: { url: string }[] }
    expect(doc.servers).toEqual([{ url: 'http://127.0.0.1:7103' }])
    printed = ''
    expect(runOpenApiCommand(['redistogo', '--server', 'http://localhost:9999'], (t) => (printed += t))).toBe(0)
    expect(JSON.parse(printed).servers).toEqual([{ url: 'http://localhost:9999' }])
  })

  it('the built CLI prints it on stdout and exits 0; an unknown provider exits 2 with one line', async () => {
    const { stdout } = await run(process.execPath, [MAIN, 'openapi', 'redistogo'])
    expect(JSON.parse(stdout).openapi).toBe('3.1.0')
    const failed = await run(process.execPath, [MAIN, 'openapi', 'heroku']).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    )
    expect(failed?.code).toBe(2)
    expect(failed?.stderr).toMatch(/^redis-cloud-emulator openapi: unknown provider "heroku"; one of: .*redistogo/)
  })
})
