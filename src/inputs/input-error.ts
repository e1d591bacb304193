/**
 * Bad input, found before any cluster work: names the input, the value and what is accepted,
 * in one line. The CLI exits 2 on it; the action fails with result `error`.
 */
export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly value: string,
    readonly accepted: string,
  ) {
    super(`invalid ${input} ${JSON.stringify(value)}: ${accepted}`);
    this.name = 'InputError';
  }
}
