import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kubectl } from '../cluster/kubectl.js';
import { expectSuccess } from '../process/expect-success.js';
import type { Runner } from '../process/runner.js';

export const TRUST_DOMAIN = 'cluster.local';
const OPENSSL_TIMEOUT_MS = 30_000;

/**
 * What cert-manager and trust-manager leave in the cluster in Linkerd's "Automatically Rotating
 * Control Plane TLS Credentials" setup, made with openssl instead: a self-signed ECDSA P-256
 * trust anchor (one year), an issuer certificate signed by it (48h, CA with path length 0, like
 * the docs' Certificate), the kubernetes.io/tls Secret linkerd-identity-issuer with ca.crt, and
 * the trust bundle ConfigMap linkerd-identity-trust-roots. The keys live only in the run's
 * work dir and the cluster. Returns the trust anchor's file: Helm users pass it to the chart.
 */
export async function prepareExternalIssuer(run: Runner, kubectl: Kubectl, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = (name: string) => join(dir, name);
  const openssl = async (args: string[], what: string) => expectSuccess(await run(['openssl', ...args], { timeoutMs: OPENSSL_TIMEOUT_MS }), what, 'error');
  const newKey = (name: string) => openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file(name)], `openssl genpkey ${name}`);
  await newKey('ca.key');
  await openssl(
    ['req', '-x509', '-new', '-key', file('ca.key'), '-sha256', '-days', '365', '-subj', `/CN=root.linkerd.${TRUST_DOMAIN}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', file('ca.crt')],
    'openssl req (trust anchor)',
  );
  await newKey('issuer.key');
  await openssl(['req', '-new', '-key', file('issuer.key'), '-subj', `/CN=identity.linkerd.${TRUST_DOMAIN}`, '-out', file('issuer.csr')], 'openssl req (issuer CSR)');
  await writeFile(
    file('issuer.ext'),
    ['basicConstraints=critical,CA:TRUE,pathlen:0', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature', 'extendedKeyUsage=serverAuth,clientAuth', ''].join('\n'),
  );
  await openssl(
    ['x509', '-req', '-in', file('issuer.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial', '-sha256',
      '-days', '2', '-extfile', file('issuer.ext'), '-out', file('issuer.crt')],
    'openssl x509 (sign the issuer)',
  );
  expectSuccess(await kubectl(['create', 'namespace', 'linkerd']), 'create namespace linkerd', 'error');
  expectSuccess(
    await kubectl(['create', 'secret', 'generic', 'linkerd-identity-issuer', '-n', 'linkerd', '--type=kubernetes.io/tls',
      `--from-file=tls.crt=${file('issuer.crt')}`, `--from-file=tls.key=${file('issuer.key')}`, `--from-file=ca.crt=${file('ca.crt')}`]),
    'create Secret linkerd-identity-issuer',
    'error',
  );
  expectSuccess(
    await kubectl(['create', 'configmap', 'linkerd-identity-trust-roots', '-n', 'linkerd', `--from-file=ca-bundle.crt=${file('ca.crt')}`]),
    'create ConfigMap linkerd-identity-trust-roots',
    'error',
  );
  return file('ca.crt');
}
