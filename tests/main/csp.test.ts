import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// The window's Content-Security-Policy (a meta tag in the page Electron and the
// web host both load): no remote content, no inline or evaluated script.
const html = readFileSync('src/renderer/index.html', 'utf8')
const content = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? ''
const policy = new Map(
  content
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .filter((d) => d[0])
    .map(([name, ...sources]) => [name!, sources]),
)

describe('the Content-Security-Policy', () => {
  it('is present and defaults to the app itself', () => {
    expect(policy.get('default-src')).toEqual(["'self'"])
  })
  it('runs only the app’s own scripts: nothing inline, nothing evaluated', () => {
    expect(policy.get('script-src')).toEqual(["'self'"])
    expect(content).not.toContain('unsafe-eval')
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'")
  })
  it('loads nothing from the network and connects only to its own origin', () => {
    expect(content).not.toMatch(/https?:|wss?:|\*/)
    expect(policy.get('connect-src')).toEqual(["'self'"])
  })
  it('forbids a base URL and form posts elsewhere', () => {
    expect(policy.get('base-uri')).toEqual(["'none'"])
    expect(policy.get('form-action')).toEqual(["'none'"])
  })
})
