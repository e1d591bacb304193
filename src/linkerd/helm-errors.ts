const LOCATION = /(?:template: |(?:execution|parse) error at \()([\w.-]+\/[\w./-]+):(\d+)(?::\d+)?/g;

/**
 * The template and line a Helm error points at, as Helm prints them: `template:
 * <chart>/templates/<file>:<line>:<col>: executing ...` for a template that fails to execute,
 * `execution error at (<chart>/templates/<file>:<line>:<col>)` for a `fail`/`required` in one,
 * and `parse error at (<file>:<line>)` for one that does not parse. An error inside an
 * `include` names each template of the chain: the innermost failed, the outermost included it.
 */
export function failingTemplate(output: string): string | undefined {
  const errorLine = output.split('\n').find((line) => line.startsWith('Error:')) ?? output;
  const chain = [...errorLine.matchAll(LOCATION)].map((m) => `${m[1]} line ${m[2]}`);
  if (chain.length <= 1) return chain[0];
  return `${chain.at(-1)} (included from ${chain[0]})`;
}
