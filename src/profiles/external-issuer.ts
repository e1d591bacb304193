import type { Kubectl } from '../cluster/kubectl.js';
import { generateIdentity } from '../linkerd/identity.js';
import { expectSuccess } from '../process/expect-success.js';
import type { Runner } from '../process/runner.js';

/**
 * What cert-manager and trust-manager leave in the cluster in Linkerd's "Automatically Rotating
 * Control Plane TLS Credentials" setup, made with openssl instead: the run's trust anchor and
 * issuer (generateIdentity), the kubernetes.io/tls Secret linkerd-identity-issuer with ca.crt,
 * and the trust bundle ConfigMap linkerd-identity-trust-roots. The keys live only in the run's
 * work dir and the cluster. Returns the trust anchor's file: Helm users pass it to the chart.
 */
export async function prepareExternalIssuer(run: Runner, kubectl: Kubectl, dir: string): Promise<string> {
  const identity = await generateIdentity(run, dir);
  expectSuccess(await kubectl(['create', 'namespace', 'linkerd']), 'create namespace linkerd', 'error');
  expectSuccess(
    await kubectl([
      'create',
      'secret',
      'generic',
      'linkerd-identity-issuer',
      '-n',
      'linkerd',
      '--type=kubernetes.io/tls',
      `--from-file=tls.crt=${identity.issuerCrt}`,
      `--from-file=tls.key=${identity.issuerKey}`,
      `--from-file=ca.crt=${identity.trustAnchor}`,
    ]),
    'create Secret linkerd-identity-issuer',
    'error',
  );
  expectSuccess(
    await kubectl(['create', 'configmap', 'linkerd-identity-trust-roots', '-n', 'linkerd', `--from-file=ca-bundle.crt=${identity.trustAnchor}`]),
    'create ConfigMap linkerd-identity-trust-roots',
    'error',
  );
  return identity.trustAnchor;
}
