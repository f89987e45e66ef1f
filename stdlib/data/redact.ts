/**
 * What a message about a data file may say about its content. JSON.parse
 * quotes the text around a mistake (`Unexpected token 'r', "root:x:0:0"... is
 * not valid JSON`), which for a file of personal data is a personal value:
 * only where the mistake is, and what kind, is kept.
 */
export function jsonProblem(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const where = /at position \d+(?: \(line \d+ column \d+\))?/.exec(message)?.[0];
  const kind = /^Unexpected end of JSON input/.test(message)
    ? "it ends too early"
    : /^Unexpected token/.test(message)
      ? "unexpected character"
      : /^Expected/.test(message)
        ? message.split(/ after | in JSON| at /)[0]
        : "invalid JSON";
  return where ? `${kind} ${where}` : kind;
}
