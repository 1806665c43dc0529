// The Storybook example (examples/storybook): `storybook build`, then headless Chromium opens stories in
// turn in one preview frame — switching stories the way the Storybook UI does, without a reload — and
// checks that each shows its own fixture set and nothing of the story before (a fresh fake per story);
// then a Docs page of three stories side by side, each in its own world, and screenshots of a story on a
// virtual clock taken on different days (the page's Date), which must be pixel-identical.
// Needs Chromium and `npm ci --prefix examples/storybook`; fails when either is missing unless
// BROWSER_OPTIONAL=1.

import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Frame, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_OPTIONAL, chromiumMissing, launchChromium, serveStatic, since, type Browser, type StaticServer } from './support.js'

const exampleDir = fileURLToPath(new URL('../../examples/storybook', import.meta.url))
const outDir = fileURLToPath(new URL('../../.tmp/storybook-static', import.meta.url))
const storybookBin = `${exampleDir}/node_modules/storybook/dist/bin/dispatcher.js`

function whyNot(): string | undefined {
  const c = chromiumMissing()
  if (c) return c
  if (!existsSync(storybookBin)) {
    return `the Storybook example is not installed: run \`npm ci --prefix examples/storybook\` (or set BROWSER_OPTIONAL=1 to skip the browser tests)`
  }
  return undefined
}
const missing = whyNot()

function storybookBuild(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [storybookBin, 'build', '--quiet', '-o', outDir], {
      cwd: exampleDir,
      env: { ...process.env, CI: '1', STORYBOOK_DISABLE_TELEMETRY: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let log = ''
    child.stdout.on('data', (d) => (log += d))
    child.stderr.on('data', (d) => (log += d))
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`storybook build exited with ${code}:\n${log.slice(-4000)}`))))
  })
}

describe.skipIf(missing && BROWSER_OPTIONAL)('Storybook example: one fake per story', () => {
  let browser: Browser | undefined
  let server: StaticServer | undefined
  let page: Page
  let frame: Frame
  const timings: Record<string, number> = {}
  const pageErrors: string[] = []

  beforeAll(async () => {
    if (missing) throw new Error(missing)
    let t = performance.now()
    await rm(outDir, { recursive: true, force: true })
    await storybookBuild()
    timings.storybookBuild = since(t)
    server = await serveStatic(outDir)
    t = performance.now()
    browser = await launchChromium()
    page = await browser.context.newPage()
    page.on('pageerror', (e) => pageErrors.push(e.message))
    timings.launch = since(t)
  }, 240_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    console.log(`storybook test timings (ms): ${JSON.stringify(timings)}`)
  })

  /** Show a story: the first by loading the preview frame, the next ones by switching inside it. */
  async function show(storyId: string, first = false) {
    const t = performance.now()
    if (first) {
      await page.goto(`${server!.url}/iframe.html?id=${storyId}&viewMode=story`)
      frame = page.mainFrame()
    } else {
      await frame.evaluate((id) => {
        const channel = (window as unknown as { __STORYBOOK_ADDONS_CHANNEL__: { emit(e: string, a: unknown): void } }).__STORYBOOK_ADDONS_CHANNEL__
        channel.emit('setCurrentStory', { storyId: id, viewMode: 'story' })
      }, storyId)
    }
    timings[storyId.replace('imagestreambrowser--', '')] = since(t)
  }

  const rows = () => frame.locator('[data-testid=stream-row]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))

  it('busy project: the samples, and a stream pushed while the story is open arrives over the watch', async () => {
    await show('imagestreambrowser--busy-project', true)
    await frame.locator('[data-testid=detail]').waitFor({ timeout: 30_000 })
    expect(await frame.locator('[data-testid=detail]').getAttribute('data-name')).toBe('nodejs')
    await frame.locator('[data-testid=stream-row][data-name=my-app]').waitFor({ timeout: 30_000 })
    expect(await rows()).toEqual(['golang', 'httpd', 'my-app', 'nginx', 'nodejs', 'python', 'ruby'])
    await expect.poll(() => frame.locator('[data-testid=live]').textContent()).toContain('live')
    // two builds push to it: its history grows, event by event
    await frame.locator('[data-testid=stream-row][data-name=my-app]').click()
    await expect.poll(() => frame.locator('[data-testid=history-item]').count(), { timeout: 10_000 }).toBe(2)
  })

  it('multi-arch image (same fixture set, next story): its own fresh data — nothing of the busy project', async () => {
    await show('imagestreambrowser--multi-arch-image')
    await frame.locator('[data-testid=platform]').first().waitFor({ timeout: 15_000 })
    expect(await frame.locator('[data-testid=platform]').allTextContents()).toEqual([
      expect.stringMatching(/^linux\/amd64 /),
      expect.stringMatching(/^linux\/arm64\/v8 /),
      expect.stringMatching(/^linux\/ppc64le /),
      expect.stringMatching(/^linux\/s390x /),
    ])
    expect(await rows()).toEqual(['golang', 'httpd', 'nginx', 'nodejs', 'python', 'ruby'])
    expect(await frame.locator('[data-testid=browser]').getAttribute('data-namespace')).toBe('openshift')
  })

  it('empty project: nothing listed at all', async () => {
    await show('imagestreambrowser--empty-project')
    await frame.locator('[data-testid=empty]').waitFor({ timeout: 15_000 })
    expect(await rows()).toEqual([])
    // and the samples' streams are not reachable through this story's fake either
    const status = await frame.evaluate(async () => (await fetch('/api/kubernetes/apis/image.openshift.io/v1/namespaces/openshift/imagestreams')).json())
    expect(status.items).toEqual([])
    expect(pageErrors).toEqual([])
  })

  // ---- one world per story, side by side; the same pixels every day ------------------------------

  /** A page of its own browser (page.clock is per context), optionally with the page's Date fixed. */
  async function freshPage(day?: string): Promise<{ page: Page; close(): Promise<void> }> {
    const b = await launchChromium()
    const p = await b.context.newPage()
    p.on('pageerror', (e) => pageErrors.push(e.message))
    if (day) await p.clock.setFixedTime(new Date(day)) // Date in the page; timers keep running
    return { page: p, close: () => b.close() }
  }

  it('a Docs page renders three stories at once, each with its own world: fixtures, clock, seed, faults, live watch', async () => {
    const { page: docs, close } = await freshPage()
    try {
      await docs.goto(`${server!.url}/iframe.html?id=worlds--docs&viewMode=docs`)
      const story = (id: string) => docs.locator(`#story--worlds--${id}`)
      const history = (id: string) => story(id).locator('[data-testid=detail][data-name=my-app] [data-testid=history-item]')
      // Both build worlds get their own stream pushed, twice, and see it over their own live watch.
      await expect.poll(() => history('builds-in-2026').count(), { timeout: 30_000 }).toBe(2)
      await expect.poll(() => history('builds-in-2030').count(), { timeout: 30_000 }).toBe(2)
      expect(await docs.locator('[data-testid=browser]').count()).toBe(3)
      for (const [id, when] of [
        ['builds-in-2026', '2026-01-01T00:00:00Z'],
        ['builds-in-2030', '2030-05-01T09:00:00Z'],
      ] as const) {
        expect(await story(id).locator('[data-testid=live]').textContent()).toContain('live')
        expect(await story(id).locator('[data-testid=stream-row]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual([
          'golang',
          'httpd',
          'my-app',
          'nginx',
          'nodejs',
          'python',
          'ruby',
        ])
        // each world's history is stamped by its own virtual clock
        const stamps = await story(id).locator('[data-testid=detail] small').allTextContents()
        expect(stamps).toEqual([when, when])
      }
      // The third world's fault fails its own list only.
      await story('list-fails').locator('[data-testid=error]').waitFor({ timeout: 15_000 })
      expect(await story('list-fails').locator('[data-testid=error]').textContent()).toBe('Internal error occurred: etcdserver: leader changed')
      expect(await story('list-fails').locator('[data-testid=stream-row]').count()).toBe(0)
    } finally {
      await close()
    }
  })

  /** Render a story with the page's Date on `day`; wait until my-app's two builds are shown; screenshot it. */
  async function shoot(storyId: string, day: string, select: boolean): Promise<Buffer> {
    const { page: p, close } = await freshPage(day)
    try {
      await p.goto(`${server!.url}/iframe.html?id=${storyId}&viewMode=story`)
      const row = p.locator('[data-testid=stream-row][data-name=my-app]')
      await row.waitFor({ timeout: 30_000 })
      if (select) await row.click()
      await expect.poll(() => p.locator('[data-testid=history-item]').count(), { timeout: 15_000 }).toBe(2)
      await expect.poll(() => p.locator('[data-testid=live]').textContent()).toContain('live')
      return await p.locator('[data-testid=browser]').screenshot({ animations: 'disabled', caret: 'hide' })
    } finally {
      await close()
    }
  }

  it('on a virtual clock with a seed a story renders the same pixels on different days; on the real clock it does not', async () => {
    const virtualA = await shoot('worlds--builds-in-2026', '2026-03-01T10:00:00Z', false)
    const virtualB = await shoot('worlds--builds-in-2026', '2027-09-15T22:30:00Z', false)
    expect(virtualA.length).toBeGreaterThan(1000)
    expect(virtualB.equals(virtualA)).toBe(true) // pixel-identical (the same PNG bytes)
    // Control: the same component and pushes on the real clock (BusyProject) show the day they ran on.
    const realA = await shoot('imagestreambrowser--busy-project', '2026-03-01T10:00:00Z', true)
    const realB = await shoot('imagestreambrowser--busy-project', '2027-09-15T22:30:00Z', true)
    expect(realB.equals(realA)).toBe(false)
    expect(pageErrors).toEqual([])
  }, 120_000)
})
