// The self-signed certificate for TLS listeners: an EC P-256 key and an X.509 certificate for localhost, 127.0.0.1 and
// ::1, made in-process in about a millisecond; kept in the data dir so clients can pin it, made once per process in memory.
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface Certificate {
  key: string
  cert: string
}

const KEY_FILE = 'tls-key.pem'
const CERT_FILE = 'tls-cert.pem'
const VALID_DAYS = 3650

// --- DER (X.690), only what one certificate needs.
function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff])
  return Buffer.concat([Buffer.from([tag]), length, content])
}
const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items))
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items))
const octets = (content: Buffer) => tlv(0x04, content)
const bits = (content: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), content]))

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number)
  const bytes = [first * 40 + second]
  for (const part of rest) {
    const chunk = [part & 0x7f]
    for (let v = part >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80)
    bytes.push(...chunk)
  }
  return tlv(0x06, Buffer.from(bytes))
}

/** UTCTime up to 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14)
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`))
}

const ECDSA_WITH_SHA256 = sequence(oid('1.2.840.10045.4.3.2'))
const LOCALHOST = sequence(set(sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from('localhost')))))

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), octets(value))
}

const EXTENSIONS = tlv(
  0xa3,
  sequence(
    // basicConstraints: not a CA
    extension('2.5.29.19', true, sequence()),
    // keyUsage: digitalSignature (the ECDHE-ECDSA handshake signs; an EC key never enciphers keys)
    extension('2.5.29.15', true, tlv(0x03, Buffer.from([0x07, 0x80]))),
    // extKeyUsage: serverAuth
    extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))),
    // subjectAltName: DNS localhost, IP 127.0.0.1, IP ::1
    extension(
      '2.5.29.17',
      false,
      sequence(tlv(0x82, Buffer.from('localhost')), tlv(0x87, Buffer.from([127, 0, 0, 1])), tlv(0x87, Buffer.from([...Array(15).fill(0), 1]))),
    ),
  ),
)

/**
 * A new key and certificate. In-process with node:crypto: the RSA key of before cost 0.5 s of CPU per `--in-memory`
 * start (issue #20), and no X.509 library stays in the emulator's memory (issue #9: idle RSS < 80 MB).
 */
export function generateCertificate(now = new Date()): Certificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const serial = randomBytes(16)
  serial[0] = (serial[0] & 0x7f) | 0x40 // positive, and no leading zero byte to strip
  const notBefore = new Date(now.getTime() - 24 * 3600 * 1000) // a client clock a little behind still accepts it
  const notAfter = new Date(now.getTime() + VALID_DAYS * 24 * 3600 * 1000)
  const tbs = sequence(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))), // version 3
    tlv(0x02, serial),
    ECDSA_WITH_SHA256,
    LOCALHOST,
    sequence(time(notBefore), time(notAfter)),
    LOCALHOST,
    publicKey.export({ type: 'spki', format: 'der' }),
    EXTENSIONS,
  )
  const der = sequence(tbs, ECDSA_WITH_SHA256, bits(sign('sha256', tbs, privateKey)))
  const body = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    cert: `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`,
  }
}

/**
 * The options of an HTTPS listener serving `certificate`. `ca: []`: the listeners never ask for client certificates,
 * so they need no trusted roots; without it Node.js parses its ~140 bundled root certificates into the first secure
 * context, 45 ms of every start (issue #20). What a client receives (the certificate, the handshake) is unchanged.
 */
export function serverTlsOptions(certificate: Certificate): { key: string; cert: string; ca: string[] } {
  return { ...certificate, ca: [] }
}

// In-memory emulators in one process share one certificate.
let processCertificate: Certificate | undefined

export async function loadOrCreateCertificate(dataDir: string | undefined): Promise<Certificate> {
  if (!dataDir) return (processCertificate ??= generateCertificate())
  try {
    return { key: await readFile(join(dataDir, KEY_FILE), 'utf-8'), cert: await readFile(join(dataDir, CERT_FILE), 'utf-8') }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  // A data dir from an earlier version keeps its (RSA) pair above: clients may have pinned it.
  const certificate = generateCertificate()
  await mkdir(dataDir, { recursive: true })
  await writeFile(join(dataDir, KEY_FILE), certificate.key, { mode: 0o600 })
  await writeFile(join(dataDir, CERT_FILE), certificate.cert)
  return certificate
}
