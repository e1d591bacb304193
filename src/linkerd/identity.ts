import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expectSuccess } from '../process/expect-success.js';
import type { Runner } from '../process/runner.js';

/** PEM files of a Linkerd identity: what Helm users and issuers managed outside Linkerd bring (the CLI makes its own). */
export interface IdentityFiles {
  trustAnchor: string;
  issuerCrt: string;
  issuerKey: string;
}

/**
 * The certificate profiles Linkerd's docs give for `step certificate create`: an ECDSA P-256
 * root that may sign one level of CAs, and an issuer CA under it that signs only workload
 * certificates (pathlen 0).
 */
const OPENSSL_CONFIG = `[req]
distinguished_name = dn
[dn]
[root]
basicConstraints = critical, CA:TRUE, pathlen:1
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[issuer]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

const TIMEOUT_MS = 30_000;
const VALID_DAYS = '7';

/**
 * A fresh trust anchor and issuer for this run, made with openssl in `dir` (never a key kept
 * anywhere else): the run's keys are as disposable as its cluster.
 */
export async function generateIdentity(run: Runner, dir: string, openssl = 'openssl'): Promise<IdentityFiles> {
  await mkdir(dir, { recursive: true });
  const file = (name: string) => join(dir, name);
  const config = file('openssl.cnf');
  await writeFile(config, OPENSSL_CONFIG);
  const step = async (what: string, args: string[]) => expectSuccess(await run([openssl, ...args], { timeoutMs: TIMEOUT_MS }), `openssl: ${what}`, 'error');
  const ecKey = (out: string) => step(`key ${out}`, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', file(out)]);
  await ecKey('ca.key');
  await ecKey('issuer.key');
  await step('trust anchor', [
    'req',
    '-x509',
    '-new',
    '-key',
    file('ca.key'),
    '-sha256',
    '-days',
    VALID_DAYS,
    '-subj',
    '/CN=root.linkerd.cluster.local',
    '-config',
    config,
    '-extensions',
    'root',
    '-out',
    file('ca.crt'),
  ]);
  await step('issuer request', [
    'req',
    '-new',
    '-key',
    file('issuer.key'),
    '-subj',
    '/CN=identity.linkerd.cluster.local',
    '-config',
    config,
    '-out',
    file('issuer.csr'),
  ]);
  await step('issuer certificate', [
    'x509',
    '-req',
    '-in',
    file('issuer.csr'),
    '-CA',
    file('ca.crt'),
    '-CAkey',
    file('ca.key'),
    '-set_serial',
    `0x${randomBytes(16).toString('hex')}`,
    '-days',
    VALID_DAYS,
    '-sha256',
    '-extfile',
    config,
    '-extensions',
    'issuer',
    '-out',
    file('issuer.crt'),
  ]);
  return { trustAnchor: file('ca.crt'), issuerCrt: file('issuer.crt'), issuerKey: file('issuer.key') };
}

/**
 * The chart values that carry the identity, as Linkerd's Helm docs pass them. An issuer
 * managed outside Linkerd has only its trust anchor here: its certificate stays in the
 * Secret its manager keeps.
 */
export function identityValueArgs(identity: Pick<IdentityFiles, 'trustAnchor'> & Partial<IdentityFiles>): string[] {
  const issuer =
    identity.issuerCrt && identity.issuerKey
      ? ['--set-file', `identity.issuer.tls.crtPEM=${identity.issuerCrt}`, '--set-file', `identity.issuer.tls.keyPEM=${identity.issuerKey}`]
      : [];
  return ['--set-file', `identityTrustAnchorsPEM=${identity.trustAnchor}`, ...issuer];
}
