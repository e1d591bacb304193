/**
 * The template and line a Helm error points at, as Helm prints them: `template:
 * <chart>/templates/<file>:<line>:<col>: executing ...` for a template that fails to execute,
 * `execution error at (<chart>/templates/<file>:<line>:<col>)` for a `fail`/`required` in one,
 * and `parse error at (<file>:<line>)` for one that does not parse.
 */
export function failingTemplate(output: string): string | undefined {
  const m = /(?:template: |(?:execution|parse) error at \()([\w.-]+\/[\w./-]+):(\d+)(?::\d+)?/.exec(output);
  return m ? `${m[1]} line ${m[2]}` : undefined;
}
