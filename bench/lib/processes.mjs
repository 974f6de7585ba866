// Child processes for the benchmark: baselines and the emulator CLI, their readiness, RSS and shutdown.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const MAIN = `${ROOT}dist/main.cjs`

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMb(pid) {
  try {
    const kb = Number(readFileSync(`/proc/${pid}/status`, 'utf-8').match(/VmRSS:\s+(\d+)/)?.[1])
    return Math.round((kb / 1024) * 10) / 10
  } catch {
    return null
  }
}

/**
 * What a process's RSS is made of, in MB, from /proc (Linux): anonymous memory (the JS heap, malloc) and file-backed
 * pages (the node binary and libraries, about 43 MB here, the same for any Node.js process).
 */
export function rssPartsMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf-8')
    const mb = (name) => Math.round((Number(status.match(new RegExp(`${name}:\\s+(\\d+)`))?.[1]) / 1024) * 10) / 10
    return { rssAnonMb: mb('RssAnon'), rssFileMb: mb('RssFile') }
  } catch {
    return {}
  }
}

/**
 * CPU time (user + system) a process has used, with its waited-for children, in ms, from /proc (Linux): unlike wall
 * time, it hardly moves when other processes share the machine.
 */
export function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf-8').replace(/^.*\) /, '').split(' ')
    // after the command name: utime, stime, cutime, cstime are fields 14 to 17 of the line, 12 to 15 here
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0)
    return (ticks * 1000) / 100
  } catch {
    return null
  }
}

export function spawnBaseline(script, bodySize) {
  const child = spawn(process.execPath, [`${ROOT}bench/baselines/${script}`, String(bodySize)], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (c) => {
      out += c
      const port = out.match(/listening (\d+)/)?.[1]
      if (port) resolve({ child, url: `http://127.0.0.1:${port}`, stop: () => stop(child) })
    })
    child.on('exit', (code) => reject(new Error(`${script} exited ${code}`)))
  })
}

export function stop(child) {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.on('exit', resolve)
    child.kill('SIGTERM')
  })
}

function get(url) {
  const requester = url.startsWith('https:') ? httpsRequest : request
  return new Promise((resolve) => {
    const req = requester(url, { rejectUnauthorized: false, agent: false }, (res) => {
      res.resume()
      resolve(res.statusCode)
    })
    req.on('error', () => resolve(0))
    req.end()
  })
}

/**
 * Starts the emulator CLI; resolves once every listener in its banner answers health, with the time from spawn.
 * `ports` pins listeners (0 = random) so several emulators never collide with one a developer is running.
 */
export function startEmulatorCli(args, rawNodeArgs = false) {
  const started = process.hrtime.bigint()
  const child = spawn(process.execPath, rawNodeArgs ? args : [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr.on('data', (c) => (err += c))
    child.on('exit', (code) => reject(new Error(`emulator exited ${code}: ${out}${err}`)))
    let polling = false
    child.stdout.on('data', async (c) => {
      out += c
      // Poll once: output after the banner (e.g. on shutdown) must not start another loop.
      if (polling || !out.includes('Ctrl-C stops')) return
      polling = true
      const urls = [...out.matchAll(/https?:\/\/127\.0\.0\.1:\d+/g)].map((m) => m[0])
      for (;;) {
        if (child.exitCode !== null) return
        const statuses = await Promise.all(urls.map((u) => get(`${u}/_emulator/health`)))
        if (statuses.every((s) => s === 200)) break
      }
      const readyMs = Number(process.hrtime.bigint() - started) / 1e6
      const readyCpuMs = cpuMs(child.pid)
      const byName = Object.fromEntries(
        [...out.matchAll(/\((\S+)\): (\S+)(?:\s+(\S+))?/g)].flatMap((m) => [[m[1], m[2]], ...(m[3] ? [[`${m[1]}-http`, m[3]]] : [])]),
      )
      resolve({ child, urls: byName, readyMs, readyCpuMs, stop: () => stop(child) })
    })
  })
}

export const RANDOM_PORT_ARGS = [
  '--redis-enterprise-port', '0', '--redis-enterprise-http-port', '0', '--redis-enterprise-metrics-port', '0',
  '--jdcloud-port', '0', '--kakaocloud-port', '0', '--redistogo-port', '0',
]
