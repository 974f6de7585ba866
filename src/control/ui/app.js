// The dashboard: reads the control plane (/_emulator), follows its event stream, and drives the test tools.
// Plain DOM, no framework and no build step; every text from the emulator goes in as text, never as HTML.

const API = '/_emulator'
const TOKEN_KEY = 'rce-control-token'
const PAGE_SIZE = 100

const state = {
  overview: null,
  tab: 'overview',
  resources: { provider: '', collection: '', scope: '', q: '', offset: 0, total: 0, selected: null, openOperations: new Set() },
  requests: { selected: null },
  lastEventId: 0,
}

// ---------- small helpers ----------

const $ = (selector) => document.querySelector(selector)

/** Builds an element: h('td', { class: 'x' }, 'text', child). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value)
    else el.setAttribute(name, value === true ? '' : String(value))
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue
    el.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
  return el
}

function debounce(fn, ms) {
  let timer
  return (...args) => {
    clearTimeout(timer)
    timer = setTimeout(() => fn(...args), ms)
  }
}

/** replaceChildren, with nested arrays of children flattened (optional parts are written as arrays or ''). */
const fill = (el, ...children) => el.replaceChildren(...children.flat(Infinity).filter((c) => c !== '' && c !== undefined && c !== null))

/** At most one call per `ms`, always after the latest trigger: a steady stream of events still refreshes. */
function throttle(fn, ms) {
  let timer
  return () => {
    timer ??= setTimeout(() => {
      timer = undefined
      fn()
    }, ms)
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

function toast(message) {
  const el = $('#toast')
  el.textContent = message
  clearTimeout(toast.timer)
  toast.timer = setTimeout(() => (el.textContent = ''), 4000)
}

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text)
    toast('Copied')
  } catch {
    // no clipboard (an insecure origin, a headless browser): select it for the user instead
    const area = h('textarea', { 'aria-label': 'Text to copy' }, text)
    document.body.append(area)
    area.select()
    document.execCommand('copy')
    area.remove()
    toast('Copied')
  }
}

const copyButton = (text, label = 'Copy') => h('button', { type: 'button', onclick: () => copy(text), 'aria-label': `${label}: ${text.slice(0, 60)}` }, label)

/** A status string as a badge: green when settled, amber while a state machine runs, red when it went wrong. */
function badge(status) {
  if (status === undefined || status === null) return ''
  const s = String(status).toLowerCase()
  const tone = /error|fail|expired|locked|delet|stopp/.test(s) ? 'bad' : /creat|new|pending|progress|modif|chang|config|restor|resiz|updat|import|export|backing|starting/.test(s) ? 'busy' : 'ok'
  return h('span', { class: `badge ${tone}`, 'data-status': status }, status)
}

const emulatorTime = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '')

// ---------- the control plane, with the token when one is needed ----------

function token() {
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}

function authHeaders(extra = {}) {
  return token() ? { ...extra, 'X-Emulator-Token': token() } : extra
}

let asking
/** Asks for the control token once; every caller waiting on a 401 shares the same dialog. */
function askToken(message) {
  asking ??= new Promise((resolve) => {
    const dialog = $('#token-dialog')
    $('#token-error').textContent = message ?? ''
    $('#token-input').value = ''
    dialog.addEventListener(
      'close',
      () => {
        sessionStorage.setItem(TOKEN_KEY, $('#token-input').value)
        asking = undefined
        resolve()
      },
      { once: true },
    )
    dialog.showModal()
  })
  return asking
}

async function api(path, { method = 'GET', body, raw = false } = {}) {
  for (;;) {
    const init = { method, headers: authHeaders(body === undefined ? {} : { 'Content-Type': 'application/json' }) }
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body)
    const res = await fetch(API + path, init)
    if (res.status === 401) {
      await askToken(token() ? 'That token was refused.' : '')
      continue
    }
    if (raw) return res
    const data = await res.json().catch(() => ({}))
    if (!res.ok) throw new Error(data?.error?.message ?? `${res.status} ${res.statusText}`)
    return data
  }
}

async function run(action) {
  try {
    await action()
  } catch (err) {
    toast(err.message)
  }
}

// ---------- tabs (arrow keys move between them, as the ARIA tabs pattern has it) ----------

function selectTab(name, focus = false) {
  state.tab = name
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const selected = tab.id === `tab-${name}`
    tab.setAttribute('aria-selected', String(selected))
    tab.tabIndex = selected ? 0 : -1
    if (selected && focus) tab.focus()
    document.getElementById(tab.getAttribute('aria-controls')).hidden = !selected
  }
  refreshTab()
}

function setUpTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')]
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => selectTab(tab.id.slice(4)))
    tab.addEventListener('keydown', (e) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key]
      if (step) selectTab(tabs[(i + step + tabs.length) % tabs.length].id.slice(4), true)
      if (e.key === 'Home') selectTab(tabs[0].id.slice(4), true)
      if (e.key === 'End') selectTab(tabs[tabs.length - 1].id.slice(4), true)
    })
  })
}

function refreshTab() {
  if (state.tab === 'overview') return run(loadOverview)
  if (state.tab === 'resources') return run(loadResources)
  if (state.tab === 'timeline') return run(loadTimeline)
  if (state.tab === 'requests') return run(loadRequests)
  if (state.tab === 'controls') return run(loadControls)
}

/** A table row that opens on click, Enter or Space. */
function selectableRow(cells, selected, open) {
  const row = h('tr', { tabindex: 0, 'aria-selected': String(selected) }, cells)
  row.addEventListener('click', open)
  row.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault()
      open()
    }
  })
  return row
}

// ---------- overview ----------

function showClock(clock) {
  $('#clock').textContent = `clock: ${emulatorTime(clock.nowMs)} UTC (${clock.frozen ? 'frozen' : 'running'})`
  const controls = $('#controls-clock')
  if (controls) controls.textContent = `${emulatorTime(clock.nowMs)} UTC, ${clock.frozen ? 'frozen' : 'running'}`
}

async function loadOverview() {
  const [overview, health] = await Promise.all([api('/overview'), api('/health')])
  state.overview = overview
  showClock(overview.clock)
  fillProviderSelects()
  const delays = Object.entries(overview.delays)
  $('#overview-summary').replaceChildren(
    h('span', {}, 'health: ', badge(health.status === 'ok' ? 'ok' : health.status)),
    h('span', {}, `version ${overview.version}`),
    h('span', {}, `uptime ${Math.round(overview.uptimeMs / 1000)} s`),
    h('span', {}, `clock ${overview.clock.frozen ? 'frozen' : 'running'} at ${emulatorTime(overview.clock.nowMs)}`),
    h('span', {}, `delays: ${delays.map(([name, ms]) => `${name} ${ms} ms`).join(', ')}`),
  )
  $('#overview-providers').replaceChildren(
    ...overview.providers.map((p) =>
      h(
        'article',
        { class: 'card', 'aria-labelledby': `provider-${p.id}`, 'data-provider': p.id },
        h('h2', { id: `provider-${p.id}` }, p.title),
        ...p.urls.map((u) => h('div', { class: 'copy-row' }, h('code', {}, u.url), copyButton(u.url, 'Copy URL'))),
        h('h3', {}, 'Credentials'),
        ...p.credentials.map((line) => h('div', { class: 'copy-row' }, h('code', {}, line.trim()), copyButton(credentialOf(line), 'Copy'))),
        h('h3', {}, 'Snippets'),
        ...p.snippets.map((s) => h('div', {}, h('div', { class: 'copy-row' }, h('strong', {}, s.title), copyButton(s.code, 'Copy snippet')), h('pre', {}, s.code))),
        h('p', {}, `${p.collections.map((c) => `${c.count} ${c.kind}${c.count === 1 ? '' : 's'}`).join(', ')}; ${p.pending} pending transition${p.pending === 1 ? '' : 's'}`),
      ),
    ),
  )
  const servers = overview.realRedis
  $('#overview-real-redis').replaceChildren(
    servers === null
      ? h('p', { class: 'hint' }, 'Off: start the emulator with --real-redis to put a redis-server behind every database.')
      : servers.length === 0
        ? h('p', { class: 'hint' }, 'No server running.')
        : h(
            'table',
            {},
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Provider'), h('th', { scope: 'col' }, 'Resource'), h('th', { scope: 'col' }, 'Port'), h('th', { scope: 'col' }, 'State'))),
            h('tbody', {}, servers.map((s) => h('tr', {}, h('td', {}, s.provider), h('td', {}, s.key), h('td', {}, s.port), h('td', {}, badge(s.state))))),
          ),
  )
}

/** The part of a banner line worth pasting: what follows the last ': ', or the line. */
function credentialOf(line) {
  const trimmed = line.trim()
  const at = trimmed.lastIndexOf(': ')
  return at >= 0 ? trimmed.slice(at + 2) : trimmed.split(/\s+/).pop()
}

function fillProviderSelects() {
  const providers = state.overview.providers
  const options = (withAll) => [...(withAll ? [h('option', { value: '' }, withAll)] : []), ...providers.map((p) => h('option', { value: p.id }, p.title))]
  const keep = (select, make) => {
    const value = select.value
    select.replaceChildren(...make())
    if ([...select.options].some((o) => o.value === value)) select.value = value
  }
  keep($('#resource-provider'), () => options())
  keep($('#request-provider'), () => options('all'))
  keep($('#fault-provider'), () => options('any'))
  keep($('#reset-provider'), () => options('every provider'))
  if (!state.resources.provider) state.resources.provider = $('#resource-provider').value
  fillFaultCodes()
}

// ---------- resources ----------

async function loadResources() {
  if (!state.overview) await loadOverview()
  const r = state.resources
  r.provider ||= $('#resource-provider').value
  const provider = state.overview.providers.find((p) => p.id === r.provider)
  const kinds = $('#resource-collection')
  if (kinds.dataset.provider !== r.provider) {
    kinds.dataset.provider = r.provider
    kinds.replaceChildren(h('option', { value: '' }, 'all'), ...provider.collections.map((c) => h('option', { value: c.collection }, c.kind)))
  }
  const query = new URLSearchParams({ provider: r.provider, offset: String(r.offset), limit: String(PAGE_SIZE) })
  if (r.collection) query.set('collection', r.collection)
  if (r.scope) query.set('scope', r.scope)
  if (r.q) query.set('q', r.q)
  const page = await api(`/resources?${query}`)
  r.total = page.total
  const scopes = $('#resource-scope')
  const chosen = scopes.value
  scopes.replaceChildren(h('option', { value: '' }, 'all'), ...page.scopes.map((s) => h('option', { value: s }, s)))
  scopes.value = page.scopes.includes(chosen) ? chosen : ''
  $('#resource-caption').textContent = `${provider.title}: ${page.total} resource${page.total === 1 ? '' : 's'}`
  $('#resource-table tbody').replaceChildren(
    ...page.items.map((item) =>
      selectableRow(
        [
          h('td', {}, item.kind),
          h('td', {}, h('code', {}, item.id)),
          h('td', {}, item.name),
          h('td', {}, item.scope ?? '—'),
          h('td', {}, badge(item.status)),
          h('td', {}, item.pending ? `${item.pending.kind} at ${emulatorTime(item.pending.at)}` : '—'),
        ],
        r.selected?.id === item.id && r.selected?.collection === item.collection,
        () => openResource(item),
      ),
    ),
  )
  const last = Math.min(r.offset + PAGE_SIZE, page.total)
  $('#resource-page').textContent = page.total ? `${r.offset + 1}–${last} of ${page.total}` : 'nothing here yet'
  $('#resource-prev').disabled = r.offset === 0
  $('#resource-next').disabled = last >= page.total
  if (r.selected && r.selected.provider === r.provider) await showResource()
}

async function openResource(item) {
  state.resources.selected = { provider: item.provider, collection: item.collection, id: item.id }
  state.resources.openOperations.clear()
  for (const row of document.querySelectorAll('#resource-table tbody tr')) row.setAttribute('aria-selected', 'false')
  await run(showResource)
  await run(loadResources)
}

async function showResource() {
  const { provider, collection, id } = state.resources.selected
  let detail
  try {
    detail = await api(`/resources/${encodeURIComponent(provider)}/${encodeURIComponent(collection)}/${encodeURIComponent(id)}`)
  } catch {
    $('#resource-detail').replaceChildren(h('p', { class: 'hint' }, `${id} is gone.`))
    return
  }
  const body = JSON.stringify(detail.body, null, 2)
  const operations = await operationsSection(detail.openapi)
  fill(
    $('#resource-detail'),
    h('h2', {}, `${detail.kind} ${detail.name}`),
    h('p', {}, 'status ', badge(detail.status), detail.scope ? ` · ${detail.scope}` : ''),
    detail.pending.length
      ? h('ul', { 'aria-label': 'Pending transitions' }, detail.pending.map((p) => h('li', {}, `${p.kind} due ${emulatorTime(p.at)}`)))
      : h('p', { class: 'hint' }, 'No pending transition.'),
    detail.realRedis
      ? h('div', { class: 'real-redis' }, h('p', {}, `redis-server on port ${detail.realRedis.port} `, badge(detail.realRedis.state)), h('div', { class: 'copy-row' }, h('code', {}, detail.realRedis.cli), copyButton(detail.realRedis.cli, 'Copy redis-cli')))
      : '',
    h('div', { class: 'copy-row' }, h('h3', {}, 'API body'), copyButton(body, 'Copy body')),
    h('pre', { id: 'resource-body' }, body),
    detail.xml ? [h('div', { class: 'copy-row' }, h('h3', {}, 'XML'), copyButton(detail.xml, 'Copy XML')), h('pre', { id: 'resource-xml' }, detail.xml)] : '',
    operations,
    h('button', { type: 'button', onclick: () => selectTab('timeline', true) }, 'Show its timeline'),
  )
}

// ---------- a resource's operations in its provider's OpenAPI document (issue #19) ----------

/** Each provider's document, fetched once per page (it only changes with the emulator's version). */
const documents = new Map()

function documentAt(url) {
  if (!documents.has(url)) {
    const loading = api(url.slice(API.length))
    documents.set(url, loading)
    loading.catch(() => documents.delete(url))
  }
  return documents.get(url)
}

const HTTP_METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options']

/** A JSON pointer (RFC 6901) as a URI fragment: `#/paths/~1instances~1%7Bid%7D/get`. */
const pointerFragment = (...tokens) => `#/${tokens.map((t) => encodeURIComponent(String(t).replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`

function operationsTagged(doc, tag) {
  const found = []
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    // in the document's order; a path item's other keys (parameters, summary) are not operations
    for (const [method, operation] of Object.entries(item)) if (HTTP_METHODS.includes(method) && operation?.tags?.includes(tag)) found.push({ path, method, operation })
  }
  return found
}

/** The operations acting on this kind of resource: each a link into the document, and its description in place. */
async function operationsSection(openapi) {
  if (!openapi) return ''
  const heading = h('h3', { id: 'resource-operations-title' }, 'Operations in the OpenAPI document')
  let doc
  try {
    doc = await documentAt(openapi.document)
  } catch (err) {
    return h('section', { id: 'resource-operations', 'aria-labelledby': 'resource-operations-title' }, heading, h('p', { class: 'error' }, `The document could not be read: ${err.message}`))
  }
  const open = state.resources.openOperations
  const items = operationsTagged(doc, openapi.tag).map(({ path, method, operation }) => {
    const label = `${method.toUpperCase()} ${path}`
    const details = h(
      'details',
      { open: open.has(operation.operationId) },
      h('summary', { 'aria-label': `Show ${label} here` }, 'Show here'),
      h('pre', {}, JSON.stringify(operation, null, 2)),
    )
    details.addEventListener('toggle', () => (details.open ? open.add(operation.operationId) : open.delete(operation.operationId)))
    return h(
      'li',
      { 'data-operation-id': operation.operationId },
      h('a', { href: openapi.document + pointerFragment('paths', path, method), target: '_blank', rel: 'noopener' }, h('code', {}, label)),
      operation.summary ? ` ${operation.summary}` : '',
      details,
    )
  })
  return h(
    'section',
    { id: 'resource-operations', 'aria-labelledby': 'resource-operations-title' },
    heading,
    h('p', { class: 'hint' }, `Tagged "${openapi.tag}" in `, h('a', { href: openapi.document, target: '_blank', rel: 'noopener' }, openapi.document), state.overview?.controlToken ? ' (the raw document needs the control token: use "Show here")' : ''),
    items.length ? h('ul', { class: 'operations', 'aria-labelledby': 'resource-operations-title' }, items) : h('p', { class: 'hint' }, 'The document lists no operation with this tag yet.'),
  )
}

function setUpResources() {
  const r = state.resources
  const reload = () => {
    r.offset = 0
    run(loadResources)
  }
  $('#resource-provider').addEventListener('change', (e) => {
    r.provider = e.target.value
    r.collection = ''
    r.scope = ''
    r.selected = null
    $('#resource-detail').replaceChildren(h('p', { class: 'hint' }, 'Select a resource to see the body its API answers.'))
    reload()
  })
  $('#resource-collection').addEventListener('change', (e) => ((r.collection = e.target.value), reload()))
  $('#resource-scope').addEventListener('change', (e) => ((r.scope = e.target.value), reload()))
  $('#resource-search').addEventListener('input', debounce((e) => ((r.q = e.target.value), reload()), 250))
  $('#resource-filters').addEventListener('submit', (e) => e.preventDefault())
  $('#resource-prev').addEventListener('click', () => ((r.offset = Math.max(0, r.offset - PAGE_SIZE)), run(loadResources)))
  $('#resource-next').addEventListener('click', () => ((r.offset += PAGE_SIZE), run(loadResources)))
}

// ---------- timeline ----------

async function loadTimeline() {
  const selected = state.resources.selected
  const query = new URLSearchParams()
  if (selected) {
    query.set('provider', selected.provider)
    query.set('collection', selected.collection)
    query.set('id', selected.id)
  }
  $('#timeline-subject').textContent = selected
    ? `Showing ${selected.collection} ${selected.id} of ${selected.provider}. Select another resource on the Resources tab.`
    : 'Showing every resource. Select one on the Resources tab to see only its history.'
  const { events } = await api(`/timeline?${query}`)
  $('#timeline-table tbody').replaceChildren(
    ...events.map((e) =>
      h(
        'tr',
        {},
        h('td', {}, emulatorTime(e.at)),
        h('td', {}, e.provider),
        h('td', {}, e.type === 'reset' ? 'everything' : `${e.kind} ${e.resourceId}${e.name ? ` (${e.name})` : ''}`),
        h('td', {}, e.type === 'reset' ? 'reset, seed or import' : e.type === 'transition' ? `transition: ${e.op}` : e.op),
        h('td', {}, badge(e.status)),
      ),
    ),
  )
}

// ---------- requests ----------

async function loadRequests() {
  const query = new URLSearchParams({ limit: '200' })
  for (const [key, id] of [['provider', '#request-provider'], ['method', '#request-method'], ['status', '#request-status'], ['path', '#request-path']]) {
    const value = $(id).value.trim()
    if (value) query.set(key, value)
  }
  let requests = []
  try {
    ;({ requests } = await api(`/requests?${query}`))
  } catch (err) {
    toast(err.message)
  }
  $('#request-table tbody').replaceChildren(
    ...requests.map((r) =>
      selectableRow(
        [
          h('td', {}, r.time.replace('T', ' ').replace('Z', '')),
          h('td', {}, r.provider),
          h('td', {}, r.method),
          h('td', {}, h('code', {}, r.path)),
          h('td', {}, h('span', { class: `badge ${r.status >= 500 ? 'bad' : r.status >= 400 ? 'busy' : 'ok'}` }, r.status)),
          h('td', {}, r.injectedFault !== undefined ? `rule ${r.injectedFault}` : ''),
        ],
        state.requests.selected === r.id,
        () => showRequest(r),
      ),
    ),
  )
}

const pretty = (value) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2))

function showRequest(r) {
  state.requests.selected = r.id
  for (const row of document.querySelectorAll('#request-table tbody tr')) row.setAttribute('aria-selected', 'false')
  const curl = h('pre', { id: 'request-curl', hidden: true })
  fill(
    $('#request-detail'),
    h('h2', {}, `${r.method} ${r.path} → ${r.status}`),
    r.injectedFault !== undefined ? h('p', { class: 'error' }, `Answered by fault rule ${r.injectedFault}`) : '',
    h('p', {}, `${r.durationMs.toFixed(1)} ms, ${r.time}`),
    h(
      'button',
      {
        type: 'button',
        onclick: () =>
          run(async () => {
            const { curl: command } = await api(`/requests/${r.id}/curl`)
            curl.textContent = command
            curl.hidden = false
            await copy(command)
          }),
      },
      r.provider === 'jdcloud' ? 'Copy as curl (freshly signed)' : 'Copy as curl',
    ),
    curl,
    h('h3', {}, 'Request headers'),
    h('pre', {}, pretty(r.headers)),
    Object.keys(r.query).length ? [h('h3', {}, 'Query'), h('pre', {}, pretty(r.query))] : '',
    r.body !== undefined && r.body !== null && r.body !== '' ? [h('h3', {}, 'Request body'), h('pre', {}, pretty(r.body))] : '',
    h('h3', {}, 'Response headers'),
    h('pre', {}, pretty(r.responseHeaders)),
    h('h3', {}, 'Response body'),
    h('pre', { id: 'request-response-body' }, pretty(r.responseBody)),
  )
}

function setUpRequests() {
  const reload = debounce(() => run(loadRequests), 250)
  for (const id of ['#request-provider', '#request-method']) $(id).addEventListener('change', reload)
  for (const id of ['#request-status', '#request-path']) $(id).addEventListener('input', reload)
  $('#request-filters').addEventListener('submit', (e) => e.preventDefault())
}

// ---------- test controls ----------

async function loadControls() {
  if (!state.overview) await loadOverview()
  const [clock, delays, { faults }, { seeds }] = await Promise.all([api('/clock'), api('/delays'), api('/faults'), api('/seeds')])
  showClock(clock)
  $('#delays-table tbody').replaceChildren(
    ...Object.entries(delays).map(([name, ms]) =>
      h('tr', {}, h('th', { scope: 'row' }, h('label', { for: `delay-${name}` }, name)), h('td', {}, h('input', { id: `delay-${name}`, type: 'number', min: 0, value: ms, 'data-delay': name }))),
    ),
  )
  $('#fault-table tbody').replaceChildren(
    ...faults.map((f) =>
      h(
        'tr',
        { 'data-fault': f.id },
        h('td', {}, f.id),
        h('td', {}, h('code', {}, describeFault(f))),
        h('td', {}, f.matched),
        h('td', {}, h('button', { type: 'button', onclick: () => run(async () => (await api(`/faults/${f.id}`, { method: 'DELETE' }), loadControls())) }, `Remove rule ${f.id}`)),
      ),
    ),
  )
  const seed = $('#seed-name')
  seed.replaceChildren(...(seeds.length ? seeds.map((s) => h('option', { value: s }, s)) : [h('option', { value: '' }, 'no seed in fixtures/seeds')]))
}

function describeFault(f) {
  const what = [f.status !== undefined ? `${f.status} ${f.code}` : '', f.latencyMs ? `+${f.latencyMs} ms` : '', f.dropConnection ? 'drop' : ''].filter(Boolean).join(' ')
  const when = f.times !== undefined ? `${f.times} time(s)` : f.probability !== undefined ? `p=${f.probability}` : 'always'
  return `${f.provider ?? 'any'} ${f.method ?? '*'} ${f.path}${f.account ? ` @${f.account}` : ''} → ${what} (${when})`
}

/** The error codes of the chosen provider (or of all of them), each with its status. */
function fillFaultCodes() {
  const chosen = $('#fault-provider').value
  const providers = state.overview.providers.filter((p) => !chosen || p.id === chosen)
  const codes = new Map()
  for (const p of providers) for (const [code, status] of Object.entries(p.errorCodes)) codes.set(code, status)
  $('#fault-code').replaceChildren(h('option', { value: '' }, 'none (latency or drop only)'), ...[...codes].map(([code, status]) => h('option', { value: code, 'data-status': status }, `${code} (${status})`)))
}

function numberOf(id) {
  const value = $(id).value.trim()
  return value === '' ? undefined : Number(value)
}

function setUpControls() {
  $('#clock-freeze').addEventListener('click', () => run(async () => showClock(await api('/clock', { method: 'POST', body: { freeze: true } }))))
  $('#clock-unfreeze').addEventListener('click', () => run(async () => showClock(await api('/clock', { method: 'POST', body: { unfreeze: true } }))))
  $('#clock-advance').addEventListener('submit', (e) => {
    e.preventDefault()
    const advanceMs = Math.round(Number($('#clock-amount').value) * Number($('#clock-unit').value))
    run(async () => showClock(await api('/clock', { method: 'POST', body: { advanceMs } })))
  })
  $('#clock-set').addEventListener('submit', (e) => {
    e.preventDefault()
    run(async () => showClock(await api('/clock', { method: 'POST', body: { set: new Date(`${$('#clock-at').value}Z`).toISOString() } })))
  })
  $('#delays-form').addEventListener('submit', (e) => {
    e.preventDefault()
    const body = Object.fromEntries([...document.querySelectorAll('[data-delay]')].map((input) => [input.dataset.delay, Number(input.value)]))
    run(async () => (await api('/delays', { method: 'PUT', body }), toast('Delays saved'), loadControls()))
  })
  $('#fault-provider').addEventListener('change', fillFaultCodes)
  $('#fault-code').addEventListener('change', (e) => {
    const status = e.target.selectedOptions[0]?.dataset.status
    if (status) $('#fault-status').value = status
  })
  $('#fault-form').addEventListener('submit', (e) => {
    e.preventDefault()
    const rule = {
      provider: $('#fault-provider').value || undefined,
      method: $('#fault-method').value || undefined,
      path: $('#fault-path').value,
      account: $('#fault-account').value.trim() || undefined,
      code: $('#fault-code').value || undefined,
      status: $('#fault-code').value ? numberOf('#fault-status') : undefined,
      latencyMs: numberOf('#fault-latency'),
      dropConnection: $('#fault-drop').checked || undefined,
      times: numberOf('#fault-times'),
      probability: numberOf('#fault-probability'),
    }
    run(async () => {
      const added = await api('/faults', { method: 'POST', body: JSON.stringify(rule) })
      toast(`Fault rule ${added.id} added`)
      await loadControls()
    })
  })
  $('#fault-clear').addEventListener('click', () => run(async () => (await api('/faults', { method: 'DELETE' }), loadControls())))
  $('#reset-form').addEventListener('submit', (e) => {
    e.preventDefault()
    const provider = $('#reset-provider').value
    run(async () => (await api(`/reset${provider ? `?provider=${encodeURIComponent(provider)}` : ''}`, { method: 'POST' }), toast('Reset')))
  })
  $('#state-export').addEventListener('click', () =>
    run(async () => {
      const res = await api('/state', { raw: true })
      if (!res.ok) throw new Error(`export failed: ${res.status}`)
      const url = URL.createObjectURL(await res.blob())
      const link = h('a', { href: url, download: `emulator-state-${new Date().toISOString().replace(/[:.]/g, '-')}.json` })
      document.body.append(link)
      link.click()
      link.remove()
      setTimeout(() => URL.revokeObjectURL(url), 1000)
    }),
  )
  $('#state-import').addEventListener('submit', (e) => {
    e.preventDefault()
    const file = $('#state-file').files[0]
    run(async () => (await api('/state', { method: 'PUT', body: await file.text() }), toast('State imported')))
  })
  $('#seed-form').addEventListener('submit', (e) => {
    e.preventDefault()
    const name = $('#seed-name').value
    if (name) run(async () => (await api('/seed', { method: 'POST', body: { name } }), toast(`Seed ${name} loaded`)))
  })
}

// ---------- the live event stream (fetch, so the control token travels in a header) ----------

// A refresh at most every 400 ms: live to a person, and cheap for the emulator under a steady load (bench: dashboard)
const refreshResourcesSoon = throttle(() => {
  if (state.tab === 'resources') run(loadResources)
  if (state.tab === 'timeline') run(loadTimeline)
  if (state.tab === 'overview') run(loadOverview)
}, 400)
const refreshRequestsSoon = throttle(() => {
  if (state.tab === 'requests') run(loadRequests)
  if (state.tab === 'controls') run(loadControls)
}, 400)

function onEvent(event) {
  state.lastEventId = Math.max(state.lastEventId, event.id)
  if (event.type === 'clock') {
    showClock(event)
    refreshResourcesSoon()
  } else if (event.type === 'resource' || event.type === 'transition' || event.type === 'reset') {
    refreshResourcesSoon()
  } else if (event.type === 'request' || event.type === 'fault') {
    refreshRequestsSoon()
  }
}

const STREAMED_TYPES = 'resource,transition,reset,clock,fault'
const REQUESTS_POLL_MS = 1000

function setConnected(online) {
  const el = $('#connection')
  el.dataset.state = online ? 'online' : 'offline'
  el.textContent = online ? 'events: live' : 'events: reconnecting'
}

async function followEvents() {
  for (;;) {
    try {
      // every request is an event: the Requests tab polls instead (below), so a busy emulator streams a third as much
      const query = new URLSearchParams({ types: STREAMED_TYPES })
      if (state.lastEventId) query.set('after', String(state.lastEventId))
      const res = await fetch(`${API}/events?${query}`, { headers: authHeaders() })
      if (res.status === 401) {
        await askToken(token() ? 'That token was refused.' : '')
        continue
      }
      setConnected(true)
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
      let buffer = ''
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        buffer += value
        let end
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .join('\n')
          if (data) onEvent(JSON.parse(data))
        }
      }
    } catch {
      // the emulator went away or restarted: try again shortly
    }
    setConnected(false)
    await sleep(1000)
  }
}

// ---------- start ----------

setUpTabs()
setUpResources()
setUpRequests()
setUpControls()
run(loadOverview).then(() => followEvents())
// the journal view follows new requests while it is shown
setInterval(() => {
  if (state.tab === 'requests' && !document.hidden) refreshRequestsSoon()
}, REQUESTS_POLL_MS)
