// The built CLI (dist/main.cjs) as a child process: start it, wait for its banner, wait for its exit.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const MAIN = fileURLToPath(new URL('../../dist/main.cjs', import.meta.url))
export const RANDOM_PORTS = [
  '--redis-enterprise-port', '0', '--redis-enterprise-http-port', '0', '--redis-enterprise-metrics-port', '0',
  '--jdcloud-port', '0', '--kakaocloud-port', '0', '--redistogo-port', '0',
]

/** `detached`: the CLI leads its own process group, as a shell job does (a terminal's Ctrl-C signals the whole group). */
export function startCli(
  args: string[],
  env: Record<string, string> = {},
  detached = false,
): Promise<{ child: ChildProcess; banner: string; urls: string[] }> {
  const child = spawn(process.execPath, [MAIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached })
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    const timer = setTimeout(() => reject(new Error(`CLI did not start: ${out}${err}`)), 10_000)
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes('Ctrl-C stops')) {
        clearTimeout(timer)
        resolve({ child, banner: out, urls: [...out.replace(/^Dashboard: .*$/m, '').matchAll(/https?:\/\/127\.0\.0\.1:\d+/g)].map((m) => m[0]) })
      }
    })
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`CLI exited with ${code}: ${out}${err}`))
    })
  })
}

export function exitOf(child: ChildProcess): Promise<{ code: number | null; stdout: string }> {
  let stdout = ''
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()))
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout })))
}
