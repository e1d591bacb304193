import { describe, expect, it } from 'vitest';
import { partialMismatch } from '../../src/scenarios/match.js';
import { template, templateArgv } from '../../src/scenarios/template.js';

describe('partialMismatch', () => {
  const pod = {
    kind: 'Pod',
    metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
    spec: { containers: [{ name: 'app', image: 'nginx' }, { name: 'linkerd-proxy' }] },
  };

  it('matches when every given field is equal, ignoring fields not given', () => {
    expect(partialMismatch(pod, { metadata: { labels: { app: 'web' } } })).toBeUndefined();
    expect(partialMismatch(pod, { spec: { containers: [{ name: 'app' }, { name: 'linkerd-proxy' }] } })).toBeUndefined();
    expect(partialMismatch(pod, {})).toBeUndefined();
  });

  it('names the dotted path of the first scalar that differs, with both values', () => {
    expect(partialMismatch(pod, { metadata: { labels: { tier: 'back' } } })).toBe('metadata.labels.tier: expected "back", found "front"');
    expect(partialMismatch(pod, { spec: { containers: [{ name: 'app', image: 'httpd' }, {}] } })).toBe(
      'spec.containers[0].image: expected "httpd", found "nginx"',
    );
    expect(partialMismatch({ replicas: 2 }, { replicas: 3 })).toBe('replicas: expected 3, found 2');
  });

  it('says "nothing" for a field that is absent', () => {
    expect(partialMismatch(pod, { status: { phase: 'Running' } })).toBe('status: expected an object, found nothing');
    expect(partialMismatch(pod, { metadata: { namespace: 'ns' } })).toBe('metadata.namespace: expected "ns", found nothing');
  });

  it('compares lists element by element and by length', () => {
    expect(partialMismatch(pod, { spec: { containers: [{ name: 'app' }] } })).toBe('spec.containers: expected 1 items, found 2');
    expect(partialMismatch({ ports: 80 }, { ports: [80] })).toBe('ports: expected a list, found 80');
    expect(partialMismatch([1, 2], [1, 3])).toBe('[1]: expected 3, found 2');
  });

  it('names the root when the whole value has the wrong shape', () => {
    expect(partialMismatch('text', [1])).toBe('(root): expected a list, found "text"');
    expect(partialMismatch([1], { a: 1 })).toBe('(root): expected an object, found [1]');
    expect(partialMismatch(null, { a: 1 })).toBe('(root): expected an object, found null');
  });

  it('treats null as a scalar to match exactly', () => {
    expect(partialMismatch({ a: null }, { a: null })).toBeUndefined();
    expect(partialMismatch({ a: 0 }, { a: null })).toBe('a: expected null, found 0');
  });
});

describe('template', () => {
  const variables = { namespace: 'ns-1', 'app-name': 'web', linkerd: { to: '/bin/linkerd-to', from: '/bin/linkerd-from' } };

  it('replaces {{ name }} and nested {{ a.b }}, with or without spaces, everywhere in the text', () => {
    expect(template('{{namespace}}/{{ app-name }} {{  linkerd.to  }} {{ namespace }}', variables)).toBe('ns-1/web /bin/linkerd-to ns-1');
  });

  it('leaves text without placeholders as it is', () => {
    expect(template('kubectl get pods -o jsonpath={.items[*]}', variables)).toBe('kubectl get pods -o jsonpath={.items[*]}');
  });

  it('refuses an unknown variable, listing the known ones', () => {
    expect(() => template('{{ nope }}', variables)).toThrow('unknown template variable {{ nope }}; known: namespace, app-name, linkerd.to, linkerd.from');
  });

  it('refuses a path that ends on a group or runs past a value', () => {
    expect(() => template('{{ linkerd }}', variables)).toThrow(/^unknown template variable \{\{ linkerd \}\}/);
    expect(() => template('{{ namespace.x }}', variables)).toThrow(/^unknown template variable \{\{ namespace.x \}\}/);
  });
});

describe('templateArgv', () => {
  const variables = { installArgs: ['--ha', '--set', 'proxy.logLevel=debug'], none: [], linkerd: { to: '/bin/linkerd' } };

  it('splices a list variable given as a whole argument, and templates the rest', () => {
    expect(templateArgv(['{{ linkerd.to }}', 'install', '{{ installArgs }}', '{{ none }}', '--crds'], variables)).toEqual([
      '/bin/linkerd',
      'install',
      '--ha',
      '--set',
      'proxy.logLevel=debug',
      '--crds',
    ]);
  });

  it('refuses a list inside a longer string: it has no one right spelling there', () => {
    expect(() => templateArgv(['--args={{ installArgs }}'], variables)).toThrow('{{ installArgs }} is a list: use it as a whole argv element');
  });
});
