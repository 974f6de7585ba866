// What an open dashboard costs the emulator: a child process (bench/lib/dashboard-watcher.mjs) follows its event
// stream and refreshes its resource table the way the page does. Its own process, like a browser's: in the bench's
// process it would take turns with autocannon's event loop, which a page never does.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { cpuMs } from './processes.mjs'

const WATCHER = fileURLToPath(new URL('./dashboard-watcher.mjs', import.meta.url))

/** Resolves once the watcher follows the stream; stop() ends it and gives how many events and refreshes it saw, and the CPU time it used while following. */
export function watchDashboard(url, provider) {
  const child = spawn(process.execPath, [WATCHER, url, provider], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.setEncoding('utf-8')
  child.stdout.on('data', (chunk) => (out += chunk))
  const exited = new Promise((resolve) => child.on('exit', resolve))
  return new Promise((resolve, reject) => {
    const ready = () => {
      if (!out.includes('following\n')) return
      child.stdout.off('data', ready)
      const cpuAtStart = cpuMs(child.pid)
      resolve({
        stop: async () => {
          const cpu = cpuMs(child.pid) - cpuAtStart
          child.kill('SIGTERM')
          const code = await exited
          const counts = out.split('\n').filter((line) => line.startsWith('{')).at(-1)
          if (code !== 0 || !counts) throw new Error(`dashboard watcher exited ${code}: ${out}`)
          return { ...JSON.parse(counts), cpuMs: cpu }
        },
      })
    }
    child.stdout.on('data', ready)
    exited.then((code) => reject(new Error(`dashboard watcher exited ${code} before following: ${out}`)))
  })
}
