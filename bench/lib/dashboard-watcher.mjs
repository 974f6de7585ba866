// A child process that does what an open dashboard on its Resources tab does to the emulator (src/control/ui/app.js):
// follows the event stream with the page's types, parses every event as the page does, and refreshes the resource
// table (its first page) at most every 400 ms after events. It runs in its own process, as the browser would, so its
// work does not slow the load generator's event loop, which a real page never shares.
// argv: <emulator url> <provider id>. Prints "following" once the stream is open; on SIGTERM prints its counts as JSON.
import { readFileSync } from 'node:fs'
import { Agent, get } from 'node:http'

const [url, provider] = process.argv.slice(2)
const page = readFileSync(new URL('../../src/control/ui/app.js', import.meta.url), 'utf-8')
const constant = (name) => {
  const match = page.match(new RegExp(`const ${name} = ('([^']*)'|(\\d+))`))
  if (!match) throw new Error(`dashboard watcher: ${name} not found in src/control/ui/app.js`)
  return match[2] ?? Number(match[3])
}
// what the page subscribes to and how big its table's page is; its throttle is the 400 at `refreshResourcesSoon`
const STREAMED_TYPES = constant('STREAMED_TYPES')
const PAGE_SIZE = constant('PAGE_SIZE')
const REFRESH_MS = Number(page.match(/const refreshResourcesSoon = throttle\([\s\S]*?\}, (\d+)\)/)?.[1])
if (!REFRESH_MS) throw new Error('dashboard watcher: the resource refresh throttle not found in src/control/ui/app.js')

// node:http rather than fetch: Node's web streams cost several times the CPU per chunk that a browser's do, and this
// process shares the machine's two cores with the emulator, which a real page would do too, but more cheaply.
const agent = new Agent({ keepAlive: true })
let stream
let events = 0
let refreshes = 0
let timer
const refresh = () => {
  timer = undefined
  refreshes++
  const query = new URLSearchParams({ provider, offset: '0', limit: String(PAGE_SIZE) })
  get(`${url}/_emulator/resources?${query}`, { agent }, (res) => {
    let body = ''
    res.setEncoding('utf-8')
    res.on('data', (chunk) => (body += chunk))
    res.on('end', () => JSON.parse(body))
  }).on('error', () => {})
}

function follow() {
  stream = get(`${url}/_emulator/events?${new URLSearchParams({ types: STREAMED_TYPES })}`, (res) => {
    if (res.statusCode !== 200) {
      console.error(`dashboard watcher: the event stream answered ${res.statusCode}`)
      process.exit(1)
    }
    console.log('following')
    res.setEncoding('utf-8')
    let buffer = ''
    res.on('data', (chunk) => {
      buffer += chunk
      let end
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        // as the page does: the data lines of each block, parsed
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6))
          .join('\n')
        if (!data) continue
        JSON.parse(data)
        events++
        timer ??= setTimeout(refresh, REFRESH_MS)
      }
    })
  })
  stream.on('error', (err) => {
    console.error(`dashboard watcher: ${err.message}`)
    process.exit(1)
  })
}

process.on('SIGTERM', () => {
  stream?.destroy()
  clearTimeout(timer)
  process.stdout.write(`${JSON.stringify({ events, refreshes })}\n`, () => process.exit(0))
})
follow()
