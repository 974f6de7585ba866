// Text in Redis To Go's XML, in and out (issue 22 items 4-7): character references, CDATA and comments, declared
// encodings, and answers that stay well-formed XML (checked by saxes, a strict XML 1.0 parser) whatever was stored.
import fc from 'fast-check'
import { SaxesParser } from 'saxes'
import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../../helpers/harness.js'
import { rtg } from '../../helpers/redistogo.js'
import { REPLACEMENT_CHAR, xchar } from '../../../src/providers/redistogo/xchar.js'

const XML = 'application/xml'

/** Parses strictly (well-formedness and XML 1.0 characters) and returns the text of every <label>, or the error. */
function strictLabels(document: string): { labels: string[] } | { error: string } {
  const parser = new SaxesParser()
  const labels: string[] = []
  let inLabel = false
  let text = ''
  let error: string | undefined
  parser.on('error', (e) => {
    error ??= e.message
  })
  parser.on('opentag', (tag) => {
    if (tag.name === 'label') {
      inLabel = true
      text = ''
    }
  })
  parser.on('text', (t) => {
    if (inLabel) text += t
  })
  parser.on('closetag', (tag) => {
    if (tag.name === 'label') {
      labels.push(text)
      inLabel = false
    }
  })
  try {
    parser.write(document).close()
  } catch (e) {
    error ??= (e as Error).message
  }
  return error === undefined ? { labels } : { error }
}

async function createXml(h: Harness, body: string | Buffer, contentType = XML) {
  return rtg(h, 'post', '/instances.json').set('Content-Type', contentType).send(body)
}

async function labelOf(h: Harness, id: number): Promise<string | null> {
  return (await rtg(h, 'get', `/instances/${id}.json`)).body.label
}

async function countInstances(h: Harness): Promise<number> {
  return (await rtg(h, 'get', '/instances.json')).body.length
}

const withLabel = (label: string) => `<?xml version="1.0" encoding="UTF-8"?><instance><plan>nano</plan><label>${label}</label></instance>`

describe('redistogo XML bodies: character references (item 4)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })

  it('decimal and hexadecimal references and &#38; are decoded, as ActiveResource clients wrote non-ASCII', async () => {
    const res = await createXml(h, withLabel('caf&#233; &#x263A; a&#38;b &#12450;&#x1F600; &lt;&gt;&amp;&apos;&quot;'))
    expect(res.status).toBe(201)
    expect(res.body.label).toBe('café ☺ a&b ア😀 <>&\'"')
    expect(await labelOf(h, res.body.id)).toBe('café ☺ a&b ア😀 <>&\'"')
  })

  it('references are decoded once: &amp;#233; is the text "&#233;"', async () => {
    const res = await createXml(h, withLabel('&amp;#233; &amp;amp;'))
    expect(res.status).toBe(201)
    expect(res.body.label).toBe('&#233; &amp;')
  })

  it('references in attributes are decoded too (type="&#105;nteger")', async () => {
    const res = await createXml(h, '<instance><plan>nano</plan><timeout type="&#105;nteger">300</timeout></instance>')
    expect(res.status).toBe(201)
    expect(res.body.timeout).toBe(300)
  })

  it.each([['&#0;'], ['&#x0;'], ['&#1;'], ['&#x1B;'], ['&#x7;'], ['&#xFFFE;'], ['&#xFFFF;'], ['&#xD800;'], ['&#57343;'], ['&#x110000;'], ['&#99999999;']])(
    'a reference to a character XML forbids (%s) is 400 as any body Rails cannot parse (inferred: REXML raises, ParamsParser answers 400); nothing is created',
    async (reference) => {
      const json = await createXml(h, withLabel(`bad ${reference} label`))
      expect(json.status).toBe(400)
      expect(json.body).toEqual({ errors: [expect.stringMatching(/^the XML body refers to (a character XML does not allow: |an undeclared entity )&#/)] })
      const xml = await rtg(h, 'post', '/instances.xml').set('Content-Type', XML).send(withLabel(`bad ${reference} label`))
      expect(xml.status).toBe(400)
      expect('labels' in strictLabels(xml.text)).toBe(true)
      expect(xml.text).toContain('<errors>')
      expect(await countInstances(h)).toBe(0)
    },
  )

  it('an undeclared entity and a raw forbidden character in the body are 400 as well', async () => {
    let res = await createXml(h, withLabel('&eacute;'))
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ errors: ['the XML body refers to an undeclared entity &eacute;'] })
    for (const raw of ['\u0001', '\u0007', '\u001b[31m', '\uFFFE']) {
      res = await createXml(h, withLabel(`x${raw}y`))
      expect([JSON.stringify(raw), res.status, res.body]).toEqual([JSON.stringify(raw), 400, { errors: ['the XML body holds a character XML does not allow'] }])
    }
    expect(await countInstances(h)).toBe(0)
  })
})

describe('redistogo XML bodies: CDATA sections and comments (item 5)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })

  it.each([
    ['a <![CDATA[b]]> c', 'a b c'],
    ['a <!-- note --> c', 'a  c'],
    ['a<!-- note -->c', 'ac'],
    ['<![CDATA[ <x> &amp; ]]>', ' <x> &amp; '],
    ['x <![CDATA[y]]><![CDATA[ z]]> &#233;', 'x y z é'],
    ['\n    indented\n  ', 'indented'],
  ])('%j is stored as %j', async (inner, stored) => {
    const res = await createXml(h, withLabel(inner))
    expect(res.status).toBe(201)
    expect(res.body.label).toBe(stored)
  })
})

describe('redistogo XML bodies: declared encodings (item 6)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })

  const latin1 = (text: string) => Buffer.from(text, 'latin1')

  it('an ISO-8859-1 body as its declaration says: café naïve, not U+FFFD', async () => {
    const body = latin1('<?xml version="1.0" encoding="ISO-8859-1"?>\n<instance><plan>nano</plan><label>caf\u00e9 na\u00efve \u00a9\u00ff</label></instance>')
    expect(body.includes(0xe9)).toBe(true)
    const res = await createXml(h, body)
    expect(res.status).toBe(201)
    expect(res.body.label).toBe('café naïve ©ÿ')
  })

  it('encoding names are matched without case and with their aliases (latin1, iso_8859-1); single quotes work', async () => {
    for (const name of ['iso-8859-1', 'latin1', 'ISO_8859-1']) {
      const res = await createXml(h, latin1(`<?xml version='1.0' encoding='${name}'?><instance><plan>nano</plan><label>\u00e9</label></instance>`))
      expect([name, res.status, res.body.label]).toEqual([name, 201, 'é'])
    }
  })

  it('without a declaration the Content-Type charset says ISO-8859-1; the declaration wins over the header', async () => {
    let res = await createXml(h, latin1('<instance><plan>nano</plan><label>\u00e9</label></instance>'), 'application/xml; charset=ISO-8859-1')
    expect([res.status, res.body.label]).toEqual([201, 'é'])
    res = await createXml(h, Buffer.from('<?xml version="1.0" encoding="UTF-8"?><instance><plan>nano</plan><label>\u00e9</label></instance>', 'utf-8'), 'application/xml; charset=ISO-8859-1')
    expect([res.status, res.body.label]).toEqual([201, 'é'])
  })

  it('US-ASCII and UTF-8 (declared, with a byte order mark, or by default) are read', async () => {
    let res = await createXml(h, latin1('<?xml version="1.0" encoding="US-ASCII"?><instance><plan>nano</plan><label>caf&#233;</label></instance>'))
    expect([res.status, res.body.label]).toEqual([201, 'café'])
    const utf8 = Buffer.from('<instance><plan>nano</plan><label>caf\u00e9 \u2603</label></instance>', 'utf-8')
    res = await createXml(h, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]))
    expect([res.status, res.body.label]).toEqual([201, 'café ☃'])
    res = await createXml(h, utf8)
    expect([res.status, res.body.label]).toEqual([201, 'café ☃'])
  })

  it('other encodings, bytes outside US-ASCII and invalid UTF-8 are 400 (inferred: Rails could not parse them); nothing is created', async () => {
    for (const name of ['Shift_JIS', 'UTF-16', 'EBCDIC-US', 'windows-1252', 'klingon']) {
      const res = await createXml(h, latin1(`<?xml version="1.0" encoding="${name}"?><instance><plan>nano</plan></instance>`))
      expect([name, res.status, res.body]).toEqual([name, 400, { errors: [`the XML body's encoding ${name} is not supported (UTF-8, US-ASCII and ISO-8859-1 are)`] }])
    }
    let res = await createXml(h, latin1('<?xml version="1.0" encoding="US-ASCII"?><instance><plan>nano</plan><label>\u00e9</label></instance>'))
    expect([res.status, res.body]).toEqual([400, { errors: ['the XML body declares US-ASCII but holds bytes outside it'] }])
    res = await createXml(h, latin1('<instance><plan>nano</plan><label>caf\u00e9</label></instance>'))
    expect([res.status, res.body]).toEqual([400, { errors: ['the XML body is not valid UTF-8'] }])
    res = await rtg(h, 'post', '/instances.xml').set('Content-Type', XML).send(latin1('<?xml version="1.0" encoding="UTF-16"?><instance/>'))
    expect(res.status).toBe(400)
    expect('labels' in strictLabels(res.text)).toBe(true)
    expect(await countInstances(h)).toBe(0)
  })
})

/** Labels made of every class of character: XML's forbidden ones, C1, noncharacters, surrogates, markup, astral. */
const CLASS_LABELS: [string, string][] = [
  ['C0 controls', Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).join('')],
  ['DEL and C1 controls', Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(0x7f + i)).join('')],
  ['ANSI escape', '\u001b[31mred\u001b[0m'],
  ['bell and backspace', 'ding\u0007\u0008'],
  ['U+FFFE and U+FFFF', 'a\uFFFEb\uFFFFc'],
  ['lone surrogates', 'hi\uD800 lo\uDC00 pair\uD83D\uDE00'],
  ['noncharacters and private use', '\uFDD0\uFDEF\uE000\uF8FF\u{10FFFD}\u{10FFFF}'],
  ['markup', `<a href="x">&amp; ]]> '"</a>`],
  ['tab, newline, carriage return', 'a\tb\nc\rd'],
  ['every script', 'café ☃ 한국어 日本語 עברית العربية 😀 🇰🇷'],
]

describe('redistogo XML answers stay well-formed whatever was stored (item 7)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })

  it('Builder::XChar: a character outside XML 1.0 Char becomes "*", C1 controls their CP1252 characters', () => {
    expect(REPLACEMENT_CHAR).toBe('*')
    expect(xchar('a\u0000b\u0001c\u001bd\uFFFEe\uFFFFf\uD800g')).toBe('a*b*c*d*e*f*g')
    expect(xchar('\u0080\u0085\u0092\u0099\u009f')).toBe('€…’™Ÿ')
    // no CP1252 meaning: kept (they are XML characters)
    expect(xchar('\u0081\u008d\u008f\u0090\u009d')).toBe('\u0081\u008d\u008f\u0090\u009d')
    expect(xchar('\t\n\r plain 😀')).toBe('\t\n\r plain 😀')
  })

  it('labels of every character class: the JSON answer keeps them as stored; every XML answer parses strictly, with Builder\'s text', async () => {
    const ids: number[] = []
    for (const [name, label] of CLASS_LABELS) {
      const res = await rtg(h, 'post', '/instances.json').send({ instance: { plan: 'nano', label } })
      expect([name, res.status]).toEqual([name, 201])
      expect([name, res.body.label]).toEqual([name, label])
      ids.push(res.body.id)
      const shown = await rtg(h, 'get', `/instances/${res.body.id}.xml`)
      const parsed = strictLabels(shown.text)
      // a strict parser normalises a literal CR to LF (XML 1.0 §2.11); builder writes CR as it is
      expect([name, parsed]).toEqual([name, { labels: [xchar(label).replace(/\r/g, '\n')] }])
      expect([name, (await labelOf(h, res.body.id))]).toEqual([name, label])
    }
    const list = await rtg(h, 'get', '/instances.xml')
    expect(list.status).toBe(200)
    expect(strictLabels(list.text)).toEqual({ labels: CLASS_LABELS.map(([, label]) => xchar(label).replace(/\r/g, '\n')) })
    // PUT (update) answers nothing, and the next XML read is still well-formed
    await rtg(h, 'put', `/instances/${ids[0]}.xml`).set('Content-Type', 'application/json').send(JSON.stringify({ instance: { label: '\u0000\u0085' } })).expect(200)
    expect(strictLabels((await rtg(h, 'get', `/instances/${ids[0]}.xml`)).text)).toEqual({ labels: ['*…'] })
  })

  it('any generated label (property-based, every UTF-16 code unit): the XML list parses strictly and the JSON answer is unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 }), async (a, b) => {
        const label = a + b
        const res = await rtg(h, 'post', '/instances.json').send({ instance: { plan: 'nano', label } })
        if (res.status !== 201) throw new Error(`create: ${res.status} ${res.text}`)
        expect(res.body.label).toBe(label)
        const shown = strictLabels((await rtg(h, 'get', `/instances/${res.body.id}.xml`)).text)
        expect(shown).toEqual({ labels: [xchar(label).replace(/\r\n?/g, '\n')] })
        await rtg(h, 'delete', `/instances/${res.body.id}.json`).expect(200)
      }),
      { seed: 22, numRuns: 60 },
    )
  })

  it('an error message that echoes a forbidden character (an id from the path) is written well-formed', async () => {
    const res = await rtg(h, 'get', '/instances/%01%1B.xml')
    expect(res.status).toBe(404)
    expect('labels' in strictLabels(res.text)).toBe(true)
    expect(res.text).toContain('<error>Couldn&apos;t find Instance with ID=**</error>')
  })
})
