// The dashboard in a real browser (Debian's chromium driven by playwright-core): resources appear and change live,
// the fault form makes the next API call fail, export/reset/import round-trips, the control token is asked for.
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Clock } from '../../src/core/clock.js'
import { startEmulator, type RunningEmulator } from '../../src/emulator.js'
import { tempDir } from '../helpers/harness.js'
import { send } from '../helpers/http.js'
import { BASE, signHeaders } from '../helpers/jdcloud.js'
import { clusterBody, READY_TOKEN } from '../helpers/kakaocloud.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
// Where a failing test leaves its screenshot (git-ignored).
const SCREENSHOTS = join(import.meta.dirname, '../../test-results/ui')
const EPOCH = Date.parse('2026-03-01T12:00:00Z')
const RTG_AUTH = `Basic ${Buffer.from('redistogo:redistogo').toString('base64')}`

let browser: Browser
beforeAll(async () => {
  // the flags this machine needs: no sandbox as root, and no background connections to the (closed) network
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}, 60_000)
afterAll(() => browser?.close())

interface Session {
  emulator: RunningEmulator
  clock: Clock
  page: Page
  control: string
}

let current: Session | undefined

afterEach(async (context) => {
  if (current && context.task.result?.state === 'fail') {
    mkdirSync(SCREENSHOTS, { recursive: true })
    await current.page.screenshot({ path: join(SCREENSHOTS, `${context.task.name.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true }).catch(() => undefined)
  }
  await current?.page.context().close()
  await current?.emulator.close()
  current = undefined
})

async function open(options: Record<string, unknown> = {}): Promise<Session> {
  const clock = new Clock()
  clock.freeze(EPOCH)
  const emulator = await startEmulator({ inMemory: true, port: 0, ...options }, { clock })
  const context = await browser.newContext({ acceptDownloads: true })
  const page = await context.newPage()
  const control = emulator.urls.redistogo
  current = { emulator, clock, page, control }
  await page.goto(`${control}/_emulator/ui`)
  return current
}

const createRtg = (s: Session) =>
  fetch(`${s.emulator.urls.redistogo}/instances.json`, {
    method: 'POST',
    headers: { Authorization: RTG_AUTH, 'Content-Type': 'application/json' },
    body: JSON.stringify({ instance: { plan: 'nano', label: 'ui-cache' } }),
  })

async function showResources(page: Page, provider: string) {
  await page.getByRole('tab', { name: 'Resources' }).click()
  await page.locator('#resource-provider').selectOption(provider)
}

const row = (page: Page, text: string) => page.locator('#resource-table tbody tr', { hasText: text })

describe('dashboard in a browser', () => {
  it('shows what each provider holds, created through its own API, with the body its API answers', async () => {
    const s = await open({ fast: true })
    const { page, emulator } = s
    await page.getByRole('heading', { name: 'Redis To Go' }).waitFor()
    expect(await page.locator('#overview-providers article').count()).toBe(4)

    expect((await createRtg(s)).status).toBe(201)
    const jdBody = JSON.stringify({ cacheInstance: { vpcId: 'vpc-emu0001', subnetId: 'subnet-emu0001', cacheInstanceName: 'ui_jd', cacheInstanceClass: 'redis.m.small.basic', azId: { master: 'cn-north-1a', slave: 'cn-north-1b' } } })
    const jdHeaders = signHeaders({ method: 'POST', url: `${BASE}/cacheInstance`, body: jdBody })
    expect((await send('POST', `${emulator.urls.jdcloud}${BASE}/cacheInstance`, jdBody, jdHeaders)).status).toBe(200)
    const kc = await fetch(`${emulator.urls.kakaocloud}/v1/clusters`, { method: 'POST', headers: { 'X-Auth-Token': READY_TOKEN, 'Content-Type': 'application/json' }, body: JSON.stringify(clusterBody({ name: 'ui-kc' })) })
    expect(kc.status).toBe(201)
    const re = await fetch(`${emulator.urls['redis-enterprise-http']}/v1/bdbs`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('admin@redis.local:admin-pass').toString('base64')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'ui-re', memory_size: 104857600 }),
    })
    expect(re.status).toBe(200)

    for (const [provider, name] of [['redistogo', 'ui-cache'], ['jdcloud', 'ui_jd'], ['kakaocloud', 'ui-kc'], ['redis-enterprise', 'ui-re']]) {
      await showResources(page, provider)
      await row(page, name).waitFor()
    }
    // keyboard: the row opens with Enter, and the pane shows the API body
    await showResources(page, 'redistogo')
    await row(page, 'ui-cache').focus()
    await page.keyboard.press('Enter')
    const body = JSON.parse(await page.locator('#resource-body').textContent() ?? '{}')
    const api = await (await fetch(`${emulator.urls.redistogo}/instances/1.json`, { headers: { Authorization: RTG_AUTH } })).json()
    expect(body).toEqual(api)
    expect(await page.locator('#resource-xml').textContent()).toBe(await (await fetch(`${emulator.urls.redistogo}/instances/1.xml`, { headers: { Authorization: RTG_AUTH } })).text())
  })

  it('lists a Redis To Go instance\'s operations in the detail pane, each a link that resolves to the operation in the document (issue #19)', async () => {
    const s = await open({ fast: true })
    const { page } = s
    expect((await createRtg(s)).status).toBe(201)
    await showResources(page, 'redistogo')
    await row(page, 'ui-cache').click()
    const items = page.locator('#resource-operations li')
    await items.first().waitFor()

    type Doc = { paths: Record<string, Record<string, { operationId: string; tags: string[]; summary: string }>> }
    const doc = (await (await fetch(`${s.control}/_emulator/openapi/redistogo.json`)).json()) as Doc
    const tagged = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => op.tags.includes('instances'))
        .map(([method, op]) => ({ label: `${method.toUpperCase()} ${path}`, operationId: op.operationId })),
    )
    expect(tagged.length).toBeGreaterThanOrEqual(10)
    const links = await page.locator('#resource-operations li > a').evaluateAll((anchors) => anchors.map((a) => ({ href: (a as HTMLAnchorElement).href, text: a.textContent })))
    expect(links.map((l) => l.text)).toEqual(tagged.map((t) => t.label))
    expect(links.map((l) => l.text)).toEqual(expect.arrayContaining(['GET /instances/{id}', 'PUT /instances/{id}', 'DELETE /instances/{id}.{format}']))

    // each link is the document's URL with a JSON pointer (RFC 6901) to the operation it names
    for (const [i, link] of links.entries()) {
      const url = new URL(link.href)
      expect(url.origin + url.pathname).toBe(`${s.control}/_emulator/openapi/redistogo.json`)
      const fetched = (await (await fetch(url.origin + url.pathname)).json()) as Record<string, unknown>
      const tokens = url.hash.slice(2).split('/').map((t) => decodeURIComponent(t).replace(/~1/g, '/').replace(/~0/g, '~'))
      const target = tokens.reduce<unknown>((node, token) => (node as Record<string, unknown> | undefined)?.[token], fetched) as { operationId?: string } | undefined
      expect(target?.operationId).toBe(tagged[i]!.operationId)
    }

    // the operation also opens in place, from the keyboard
    const show = page.getByText('Show here', { exact: true }).nth(tagged.findIndex((t) => t.operationId === 'showInstance'))
    expect(await show.getAttribute('aria-label')).toBe('Show GET /instances/{id} here')
    await show.focus()
    await page.keyboard.press('Enter')
    const shown = page.locator('#resource-operations li[data-operation-id="showInstance"] pre')
    await shown.waitFor()
    expect(JSON.parse((await shown.textContent()) ?? '{}')).toEqual(doc.paths['/instances/{id}']!.get)
    expect(await page.getByRole('heading', { name: 'Operations in the OpenAPI document' }).isVisible()).toBe(true)
  })

  it('turns a "new" badge into "running" when the clock passes the deadline, without a reload', async () => {
    const s = await open()
    await showResources(s.page, 'redistogo')
    expect((await createRtg(s)).status).toBe(201)
    // the new instance appears by itself, from the event stream
    await row(s.page, 'ui-cache').locator('[data-status="new"]').waitFor()
    expect(await row(s.page, 'ui-cache').textContent()).toContain('redistogo.instance.create at 2026-03-01 12:00:01.000')
    const clock = await fetch(`${s.control}/_emulator/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 1000 }) })
    expect(clock.status).toBe(200)
    await row(s.page, 'ui-cache').locator('[data-status="running"]').waitFor()
    expect(await s.page.locator('#clock').textContent()).toBe('clock: 2026-03-01 12:00:01.000 UTC (frozen)')
    // its timeline shows both states on the emulator clock
    await row(s.page, 'ui-cache').click()
    await s.page.getByRole('tab', { name: 'Timeline' }).click()
    await s.page.locator('#timeline-table tbody tr').nth(1).waitFor()
    const lines = await s.page.locator('#timeline-table tbody tr').allTextContents()
    expect(lines[0]).toContain('2026-03-01 12:00:01.000')
    expect(lines[0]).toContain('transition: changed')
    expect(lines[0]).toContain('running')
    expect(lines[1]).toContain('2026-03-01 12:00:00.000')
    expect(lines[1]).toContain('created')
  })

  it('advances the clock from the controls form', async () => {
    const s = await open()
    await s.page.getByRole('tab', { name: 'Test controls' }).click()
    await s.page.getByLabel('Advance by').fill('90')
    await s.page.locator('#clock-unit').selectOption({ label: 'min' })
    await s.page.getByRole('button', { name: 'Advance' }).click()
    await s.page.locator('#clock', { hasText: '13:30:00.000' }).waitFor()
    expect(s.clock.now()).toBe(EPOCH + 90 * 60_000)
  })

  it('adds a fault with the form; the next API call fails with it, and the journal names the rule', async () => {
    const s = await open({ fast: true })
    const { page } = s
    await page.getByRole('tab', { name: 'Test controls' }).click()
    await page.locator('#fault-provider').selectOption('redistogo')
    await page.locator('#fault-method').selectOption('POST')
    await page.getByLabel('Path (glob)').fill('/instances.json')
    await page.locator('#fault-code').selectOption('unprocessable_entity')
    expect(await page.locator('#fault-status').inputValue()).toBe('422')
    await page.getByLabel('Times').fill('1')
    await page.getByRole('button', { name: 'Add fault rule' }).click()
    await page.locator('#fault-table tbody tr[data-fault="1"]').waitFor()

    const failed = await createRtg(s)
    expect(failed.status).toBe(422)
    expect(await failed.json()).toEqual({ errors: ['injected fault 1'] })
    expect((await createRtg(s)).status).toBe(201)

    await page.getByRole('tab', { name: 'Requests' }).click()
    const faulted = page.locator('#request-table tbody tr', { hasText: 'rule 1' })
    await faulted.waitFor()
    await faulted.click()
    await page.getByText('Answered by fault rule 1').waitFor()
    expect(await page.locator('#request-response-body').textContent()).toContain('injected fault 1')
    // the rule fired its one time and is gone from the list
    await page.getByRole('tab', { name: 'Test controls' }).click()
    await page.locator('#fault-table tbody tr').first().waitFor({ state: 'detached' })
  })

  it('exports the state, resets, and imports the file to bring the resources back', async () => {
    const s = await open({ fast: true })
    const { page } = s
    expect((await createRtg(s)).status).toBe(201)
    await page.getByRole('tab', { name: 'Test controls' }).click()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export state to a file' }).click()])
    const { dir, cleanup } = await tempDir('rce-ui-')
    try {
      const file = join(dir, 'state.json')
      await download.saveAs(file)
      expect(JSON.parse(readFileSync(file, 'utf-8')).providers.redistogo.instances['1'].label).toBe('ui-cache')

      await page.getByRole('button', { name: 'Reset', exact: true }).click()
      await page.locator('#toast', { hasText: 'Reset' }).waitFor()
      expect((await (await fetch(`${s.emulator.urls.redistogo}/instances.json`, { headers: { Authorization: RTG_AUTH } })).json()) as unknown[]).toEqual([])

      await page.locator('#state-file').setInputFiles(file)
      await page.getByRole('button', { name: 'Import', exact: true }).click()
      await page.locator('#toast', { hasText: 'State imported' }).waitFor()
      const back = (await (await fetch(`${s.emulator.urls.redistogo}/instances.json`, { headers: { Authorization: RTG_AUTH } })).json()) as { instance: { label: string } }[]
      expect(back.map((i) => i.instance.label)).toEqual(['ui-cache'])
      await showResources(page, 'redistogo')
      await row(page, 'ui-cache').waitFor()
    } finally {
      await cleanup()
    }
  })

  it('asks for the control token once, refuses a wrong one, and sends the right one on every call', async () => {
    const s = await open({ controlToken: 'ui-secret' })
    const { page } = s
    const dialog = page.getByRole('dialog', { name: 'Control token' })
    await dialog.waitFor()
    await page.getByLabel('Token', { exact: true }).fill('wrong')
    await page.getByRole('button', { name: 'Use token' }).click()
    await page.getByText('That token was refused.').waitFor()
    await page.getByLabel('Token', { exact: true }).fill('ui-secret')
    await page.getByRole('button', { name: 'Use token' }).click()
    await page.locator('#overview-providers article').first().waitFor()
    await page.locator('#connection[data-state="online"]').waitFor()
    expect(await dialog.isVisible()).toBe(false)
    // the control plane itself still refuses calls without it
    expect((await fetch(`${s.control}/_emulator/overview`)).status).toBe(401)
  })

  it('moves between tabs with the arrow keys', async () => {
    const s = await open()
    await s.page.getByRole('tab', { name: 'Overview' }).focus()
    await s.page.keyboard.press('ArrowRight')
    expect(await s.page.getByRole('tab', { name: 'Resources' }).getAttribute('aria-selected')).toBe('true')
    expect(await s.page.locator('#panel-resources').isVisible()).toBe(true)
    await s.page.keyboard.press('End')
    expect(await s.page.getByRole('tab', { name: 'Test controls' }).getAttribute('aria-selected')).toBe('true')
    await s.page.keyboard.press('ArrowRight')
    expect(await s.page.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected')).toBe('true')
  })
})
