/**
 * A problem with the user's data or declarations, as opposed to a bug. Its
 * message names the place (file, column, row) and says what to do; the kernel
 * shows it as one clear error instead of a stack trace.
 */
export class NeedlabError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NeedlabError";
  }
}
