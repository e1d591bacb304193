import { InputError } from './input-error.js';

/**
 * Flags that point Linkerd's CLI or Helm at another cluster, user or control plane than the
 * run's: the kubeconfig and its parts (context, cluster, server, credentials, impersonation),
 * Linkerd's own API address and namespace, and a namespace. The run owns the cluster it made
 * (or was given) and checks, diagnoses and deletes that one; an install elsewhere would test
 * nothing it reports and change a cluster it was never given. `-n`/`--namespace` is refused too:
 * `linkerd install` has no such flag, and to Helm it moves the release out of `linkerd`, where
 * every check and the cleanup look.
 */
const REDIRECTING = [
  'kubeconfig',
  'context',
  'kube-context',
  'cluster',
  'server',
  'kube-apiserver',
  'token',
  'kube-token',
  'user',
  'username',
  'password',
  'as',
  'as-group',
  'as-uid',
  'kube-as-user',
  'kube-as-group',
  'certificate-authority',
  'client-certificate',
  'client-key',
  'kube-ca-file',
  'insecure-skip-tls-verify',
  'kube-insecure-skip-tls-verify',
  'tls-server-name',
  'kube-tls-server-name',
  'api-addr',
  'linkerd-namespace',
  'namespace',
];
/** Their one-letter forms: `-s` (server), `-L` (Linkerd's namespace), `-n` (namespace), also as `-nfoo` or `-n=foo`. */
const REDIRECTING_SHORT = ['s', 'L', 'n'];

/** install-args as given, or an InputError naming the first that would redirect the run (any spelling: `--flag v`, `--flag=v`). */
export function refuseRedirection(args: readonly string[]): string[] {
  for (const arg of args) {
    const long = /^--([^=]+)/.exec(arg)?.[1];
    const short = /^-([^-])/.exec(arg)?.[1];
    if ((long && REDIRECTING.includes(long)) || (short && REDIRECTING_SHORT.includes(short))) {
      throw new InputError(
        'install-args',
        arg,
        "points the install at another cluster, user or namespace than the run's; the run installs into the cluster it made or was given (provider and KUBECONFIG) and into namespace linkerd",
      );
    }
  }
  return [...args];
}
