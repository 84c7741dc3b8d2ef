/** A test or coverage file Flightdeck cannot use; the message names the file and the problem. */
export class QaInputError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = "QaInputError";
  }
}
