// The Dockerfile, checked without a container engine: its runtime stage's install, command and healthcheck are run here
// on a copy of the build output with production dependencies only.
import { execFileSync, spawn } from 'node:child_process'
import { cpSync, existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from './helpers/harness.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf-8')
const runtimeStage = dockerfile.slice(dockerfile.indexOf(' AS runtime'))

function instruction(name: string): string[] {
  return [...runtimeStage.matchAll(new RegExp(`^${name} (.+)$`, 'gm'))].map((m) => m[1])
}

function execForm(line: string): string[] {
  const json = line.replace(/^--\S+\s+/g, '').match(/(\[.*\])/)?.[1]
  if (!json) throw new Error(`not an exec-form instruction: ${line}`)
  return JSON.parse(json)
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

describe('Dockerfile', () => {
  it('has a build stage and a slim runtime stage that runs as a non-root user with a volume, ports and a healthcheck', () => {
    expect(dockerfile).toMatch(/^FROM \S+ AS build$/m)
    expect(runtimeStage).toMatch(/--omit=dev/)
    expect(instruction('USER')).toEqual(['node'])
    expect(instruction('VOLUME')).toEqual(['["/data"]'])
    expect(instruction('EXPOSE')[0].split(' ').sort()).toEqual(['7101', '7102', '7103', '8080', '9443'])
    expect(instruction('HEALTHCHECK')).toHaveLength(1)
    expect(instruction('CMD')).toHaveLength(1)
  })

  it('build stage copies every file the build script reads (npm ci runs "prepare", which builds)', () => {
    const buildStage = dockerfile.slice(0, dockerfile.indexOf(' AS runtime'))
    const copied = [...buildStage.matchAll(/^COPY (.+) \S+$/gm)].flatMap((m) => m[1].split(/\s+/))
    const build = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf-8')).scripts.build as string
    const files = build.match(/[\w./-]+\.(?:json|mjs)/g) ?? []
    expect(files).toEqual(['tsconfig.build.json', 'scripts/bundle-cli.mjs'])
    for (const file of files) expect(copied.some((c) => file === c || file.startsWith(`${c}/`))).toBe(true)
    expect(copied).toContain('src')
    // scripts/bundle-cli.mjs starts the built CLI once to record its code cache: the CLI reads the fixtures.
    expect(copied).toContain('fixtures')
  })

  describe('runtime stage, reproduced on this machine', () => {
    let dir: string
    let cleanup: () => Promise<void>
    beforeEach(async () => ({ dir, cleanup } = await tempDir('rce-docker-')))
    afterEach(() => cleanup())

    it('installs production dependencies only, starts with the image command and passes the healthcheck', async () => {
      const app = join(dir, 'app')
      // what the runtime stage copies from the context (the dashboard's page is served from its source folder)
      expect(instruction('COPY')).toContain('src/control/ui ./src/control/ui')
      for (const entry of ['package.json', 'package-lock.json', 'dist', 'fixtures', 'src/control/ui']) cpSync(join(ROOT, entry), join(app, entry), { recursive: true })
      const install = instruction('RUN').find((r) => r.includes('--omit=dev'))!.split('&&')[0].trim().split(/\s+/)
      execFileSync(install[0], install.slice(1), { cwd: app, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'production' } })
      expect(existsSync(join(app, 'node_modules', 'express'))).toBe(true)
      expect(existsSync(join(app, 'node_modules', 'vitest'))).toBe(false)
      expect(existsSync(join(app, 'node_modules', 'typescript'))).toBe(false)

      const ports: Record<string, string> = {}
      for (const key of ['REDIS_ENTERPRISE_PORT', 'REDIS_ENTERPRISE_HTTP_PORT', 'JDCLOUD_PORT', 'KAKAOCLOUD_PORT', 'REDISTOGO_PORT']) {
        ports[`EMULATOR_${key}`] = String(await freePort())
      }
      // The image's CMD with its /data volume pointed at a folder here.
      const command = execForm(instruction('CMD')[0]).map((arg) => (arg === '/data' ? join(dir, 'data') : arg))
      const env = { ...process.env, NODE_ENV: 'production', ...ports }
      const child = spawn(command[0] === 'node' ? process.execPath : command[0], command.slice(1), { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] })
      try {
        await new Promise<void>((resolve, reject) => {
          let out = ''
          child.stdout!.on('data', (c: Buffer) => {
            out += c.toString()
            if (out.includes('Ctrl-C stops')) resolve()
          })
          child.on('exit', (code) => reject(new Error(`image command exited ${code}: ${out}`)))
        })
        const health = execForm(instruction('HEALTHCHECK')[0])
        const probe = () =>
          new Promise<number | null>((resolve) => {
            spawn(health[0] === 'node' ? process.execPath : health[0], health.slice(1), { cwd: app, env, stdio: 'ignore' }).on('exit', resolve)
          })
        expect(await probe()).toBe(0)
        const page = await fetch(`http://127.0.0.1:${ports.EMULATOR_REDISTOGO_PORT}/_emulator/ui`)
        expect(page.status).toBe(200)
        expect(await page.text()).toContain('<title>redis-cloud-emulator dashboard</title>')
        child.kill('SIGTERM')
        await new Promise((resolve) => child.on('exit', resolve))
        expect(existsSync(join(dir, 'data', 'state.json'))).toBe(true)
        expect(await probe()).toBe(1)
      } finally {
        child.kill('SIGKILL')
      }
    }, 120_000)
  })
})
