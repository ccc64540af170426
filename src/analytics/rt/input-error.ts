/**
 * Bad input to the Rt estimate (incidence, serial interval, windows, prior). Its message is meant for
 * the person who gave the input: the CLI prints it as it is and exits 1.
 */
export class RtInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RtInputError';
  }
}
