// A fresh CA and server certificate per start: the Azure SDK's bearer policy refuses plain http, so the
// emulator must speak TLS, and a CA the client trusts (instead of a self-signed leaf) lets one PEM serve
// NODE_EXTRA_CA_CERTS, curl --cacert and an in-process https.Agent alike. ECDSA P-256 keeps it fast.
// tsyringe (x509's dependency) needs the Reflect metadata API before it evaluates.
import 'reflect-metadata';

type X509 = typeof import('@peculiar/x509');
let x509Module: Promise<X509> | undefined;

// Imported lazily: only commands that start an emulator pay for loading it.
function loadX509(): Promise<X509> {
  return (x509Module ??= import('@peculiar/x509'));
}

export interface EmulatorCertificates {
  /** PEM of the CA certificate clients trust. */
  ca: string;
  /** PEM of the server certificate (signed by the CA). */
  cert: string;
  /** PKCS#8 PEM of the server key. */
  key: string;
}

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64.trimEnd()}\n-----END ${label}-----\n`;
}

function serial(): string {
  // Positive 16-byte serial: the top bit clear keeps the DER integer positive.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[0] = b[0]! & 0x7f;
  return Buffer.from(b).toString('hex');
}

export async function generateCertificates(): Promise<EmulatorCertificates> {
  const x509 = await loadX509();
  x509.cryptoProvider.set(globalThis.crypto);
  const subtle = globalThis.crypto.subtle;
  // Valid from yesterday: a client whose clock lags a little must not see a not-yet-valid certificate.
  const notBefore = new Date(Date.now() - DAY);
  const notAfter = new Date(notBefore.getTime() + 30 * DAY);
  const caKeys = (await subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=tripline emulator CA',
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const keys = (await subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=localhost',
    issuer: caCert.subject,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '127.0.0.1' },
        { type: 'ip', value: '::1' },
      ]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  const key = await subtle.exportKey('pkcs8', keys.privateKey);
  return { ca: caCert.toString('pem') + '\n', cert: cert.toString('pem') + '\n', key: pem('PRIVATE KEY', key) };
}
