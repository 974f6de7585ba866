// What an open dashboard costs the emulator: its event stream followed, and its resource table refreshed on events
// the way the page does it (at most every 400 ms), from this process.
const REFRESH_MS = 400

/** Starts watching like the dashboard's Resources tab; stop() ends it and says how many events and refreshes it saw. */
export function watchDashboard(url, provider) {
  const controller = new AbortController()
  let timer
  let events = 0
  let refreshes = 0
  const refresh = () => {
    timer = undefined
    refreshes++
    fetch(`${url}/_emulator/resources?provider=${provider}&limit=100`, { signal: controller.signal })
      .then((res) => res.arrayBuffer())
      .catch(() => {})
  }
  const following = (async () => {
    // what the page subscribes to (src/control/ui/app.js STREAMED_TYPES); it polls the journal instead
    const res = await fetch(`${url}/_emulator/events?types=resource,transition,reset,clock,fault`, { signal: controller.signal })
    const reader = res.body.getReader()
    const decoder = new TextDecoder()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      events += decoder.decode(value, { stream: true }).split('\nevent: ').length - 1
      timer ??= setTimeout(refresh, REFRESH_MS)
    }
  })().catch(() => {})
  return {
    stop: async () => {
      controller.abort()
      clearTimeout(timer)
      await following
      return { events, refreshes }
    },
  }
}
