/**
 * The Jupyter kernel: the five channels of the messaging protocol over
 * ZeroMQ, answering with a Session. Requests on shell run one at a time;
 * control (interrupt, shutdown, kernel_info) is answered even while a cell runs.
 */
import fs from "node:fs";
import { randomUUID } from "node:crypto";
import * as zmq from "zeromq";
import { createSigner, header, Message, parse, PROTOCOL_VERSION, serialize, Signer } from "./protocol/wire";
import { CellSink, PACKAGE_ROOT, Session, terminal } from "./session";
import { isComplete } from "./completeness";
import type { MimeBundle } from "./display";
import { watchParent } from "./parent-watch";

interface ConnectionInfo {
  transport: string;
  ip: string;
  key: string;
  signature_scheme: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
}

/** zeromq allows one send in flight per socket: queue them. */
class Outbox {
  private last: Promise<void> = Promise.resolve();
  constructor(private readonly socket: zmq.Writable) {}
  send(frames: Buffer[]): Promise<void> {
    this.last = this.last
      .then(() => this.socket.send(frames))
      .catch((e) => void terminal.stderr(`needlab kernel: send failed: ${(e as Error).message}\n`));
    return this.last;
  }
}

/**
 * One channel's requests: a reader takes messages off the socket as they
 * arrive (so they can be aborted after an error), a worker handles them one
 * at a time, in order.
 */
class RequestQueue {
  private readonly waiting: Message[] = [];
  private wake?: () => void;
  /** Handles a message at once, ahead of the queue (shutdown, even while a cell never ends); true when it did. */
  urgent?: (msg: Message) => boolean;

  constructor(
    private readonly socket: zmq.Router,
    private readonly signer: Signer,
    private readonly closing: () => boolean,
  ) {}

  async read(): Promise<void> {
    try {
      for await (const frames of this.socket) {
        const parsed = parse(frames as Buffer[], this.signer);
        if (!parsed.ok) {
          // Logged here only: answering would tell a forger what the kernel expected.
          terminal.stderr(`needlab kernel: dropped a message (${parsed.reason})\n`);
          continue;
        }
        if (this.urgent?.(parsed.message)) continue;
        this.waiting.push(parsed.message);
        this.wake?.();
      }
    } catch (e) {
      if (!this.closing()) terminal.stderr(`needlab kernel: channel stopped: ${(e as Error).message}\n`);
    }
  }

  async work(handle: (msg: Message) => Promise<void>): Promise<void> {
    for (;;) {
      while (this.waiting.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
      await handle(this.waiting.shift()!);
    }
  }

  /** Removes and returns the waiting requests of one type. */
  take(msgType: string): Message[] {
    const taken = this.waiting.filter((m) => m.header.msg_type === msgType);
    this.waiting.splice(0, this.waiting.length, ...this.waiting.filter((m) => m.header.msg_type !== msgType));
    return taken;
  }
}

interface HistoryEntry {
  count: number;
  code: string;
  /** The text of the cell's result, for history requests with `output`. */
  output: string | null;
}

/** This kernel process's session number in history replies (IPython numbers sessions; one process is one). */
const HISTORY_SESSION = 1;

export class Kernel {
  private readonly signer: Signer;
  private readonly kernelSession = randomUUID();
  private readonly shell = new zmq.Router();
  private readonly control = new zmq.Router();
  private readonly stdin = new zmq.Router();
  private readonly iopub = new zmq.Publisher();
  private readonly hb = new zmq.Reply();
  private readonly out: { shell: Outbox; control: Outbox; iopub: Outbox };
  private readonly stdinOut: Outbox;
  private readonly history: HistoryEntry[] = [];
  private warmed = false;
  private shellQueue?: RequestQueue;
  /** input_reply waiters, by the msg_id of their input_request. */
  private readonly inputWaiters = new Map<string, (value: string) => void>();
  private closing = false;

  constructor(
    private readonly conn: ConnectionInfo,
    private readonly session: Session,
  ) {
    this.signer = createSigner(conn.key, conn.signature_scheme);
    this.out = { shell: new Outbox(this.shell), control: new Outbox(this.control), iopub: new Outbox(this.iopub) };
    this.stdinOut = new Outbox(this.stdin);
  }

  async start(): Promise<void> {
    const addr = (port: number) => `${this.conn.transport}://${this.conn.ip}:${port}`;
    await Promise.all([
      this.shell.bind(addr(this.conn.shell_port)),
      this.control.bind(addr(this.conn.control_port)),
      this.stdin.bind(addr(this.conn.stdin_port)),
      this.iopub.bind(addr(this.conn.iopub_port)),
      this.hb.bind(addr(this.conn.hb_port)),
    ]);
    const closing = () => this.closing;
    this.shellQueue = new RequestQueue(this.shell, this.signer, closing);
    const controlQueue = new RequestQueue(this.control, this.signer, closing);
    for (const [queue, outbox] of [
      [this.shellQueue, this.out.shell],
      [controlQueue, this.out.control],
    ] as const) {
      queue.urgent = (msg) => msg.header.msg_type === "shutdown_request" && (void this.handle(msg, outbox), true);
      void queue.read();
      void queue.work((msg) => this.handle(msg, outbox));
    }
    void this.readStdin();
    void (async () => {
      for await (const frames of this.hb) await this.hb.send(frames);
    })().catch(() => undefined);
  }

  private reply(outbox: Outbox, req: Message, type: string, content: unknown): Promise<void> {
    return outbox.send(serialize(req.identities, header(type, this.kernelSession), req.header, content, this.signer));
  }

  private publish(req: Message, type: string, content: unknown, metadata: Record<string, unknown> = {}): Promise<void> {
    return this.out.iopub.send(
      serialize(
        [Buffer.from(`kernel.${this.kernelSession}.${type}`)],
        header(type, this.kernelSession),
        req.header,
        content,
        this.signer,
        metadata,
      ),
    );
  }

  private async handle(req: Message, outbox: Outbox): Promise<void> {
    const type = req.header.msg_type;
    // IOPub sends are not awaited: the outbox keeps them in order, and waiting
    // for each one only adds to every request's round trip.
    void this.publish(req, "status", { execution_state: "busy" });
    try {
      switch (type) {
        case "kernel_info_request":
          if (!this.warmed) {
            this.warmed = true;
            // Load TypeScript before the first reply, which tells clients the kernel is
            // ready: loading it blocks the process for a moment (about half a second),
            // and once a console is typing, no answer may wait for it (is_complete: 100 ms).
            this.session.warmUp();
          }
          await this.reply(outbox, req, "kernel_info_reply", kernelInfo());
          break;
        case "execute_request":
          await this.execute(req, outbox);
          break;
        case "is_complete_request":
          await this.reply(outbox, req, "is_complete_reply", await isComplete(String(req.content.code ?? "")));
          break;
        case "complete_request":
          await this.reply(
            outbox,
            req,
            "complete_reply",
            await this.session.complete(String(req.content.code ?? ""), Number(req.content.cursor_pos ?? 0)),
          );
          break;
        case "inspect_request":
          await this.reply(
            outbox,
            req,
            "inspect_reply",
            await this.session.inspectAny(String(req.content.code ?? ""), Number(req.content.cursor_pos ?? 0)),
          );
          break;
        case "history_request":
          await this.reply(outbox, req, "history_reply", { status: "ok", history: this.historyFor(req.content) });
          break;
        case "comm_info_request":
          await this.reply(outbox, req, "comm_info_reply", { status: "ok", comms: {} });
          break;
        case "comm_open":
          // No comm targets are registered: close it, as ipykernel does for unknown targets.
          await this.publish(req, "comm_close", { comm_id: req.content.comm_id, data: {} });
          break;
        case "comm_msg":
        case "comm_close":
          break;
        case "interrupt_request":
          this.session.interrupt();
          await this.reply(outbox, req, "interrupt_reply", { status: "ok" });
          break;
        case "shutdown_request":
          await this.reply(outbox, req, "shutdown_reply", { status: "ok", restart: Boolean(req.content.restart) });
          await this.publish(req, "status", { execution_state: "idle" });
          await this.shutdown();
          return;
        default:
          terminal.stderr(`needlab kernel: no handler for ${type}\n`);
      }
    } finally {
      if (!this.closing) void this.publish(req, "status", { execution_state: "idle" });
    }
  }

  private async execute(req: Message, outbox: Outbox): Promise<void> {
    const c = req.content as {
      code?: string;
      silent?: boolean;
      store_history?: boolean;
      user_expressions?: Record<string, string>;
      allow_stdin?: boolean;
      stop_on_error?: boolean;
    };
    const code = String(c.code ?? "");
    const silent = Boolean(c.silent);
    const store = !silent && c.store_history !== false;
    if (store) this.session.executionCount++;
    const count = this.session.executionCount;
    if (!silent) void this.publish(req, "execute_input", { code, execution_count: count });
    let lastResult: string | null = null;
    const sink: CellSink = {
      stream: (name, text) => void (silent || this.publish(req, "stream", { name, text })),
      display: (data: MimeBundle, options = {}) =>
        void (
          silent ||
          this.publish(req, options.update ? "update_display_data" : "display_data", {
            data,
            metadata: {},
            transient: options.displayId ? { display_id: options.displayId } : {},
          })
        ),
      result: (data: MimeBundle) => {
        if (typeof data["text/plain"] === "string") lastResult = data["text/plain"];
        if (!silent) void this.publish(req, "execute_result", { execution_count: count, data, metadata: {} });
      },
      clearOutput: (wait: boolean) => void (silent || this.publish(req, "clear_output", { wait })),
      input: c.allow_stdin
        ? (prompt: string, password: boolean) => this.requestInput(req, prompt, password)
        : undefined,
    };
    const outcome = await this.session.execute(code, sink);
    if (store) this.history.push({ count, code, output: lastResult });
    if (outcome.status === "ok") {
      const userExpressions = await this.session.evaluateExpressions(c.user_expressions ?? {});
      await this.reply(outbox, req, "execute_reply", {
        status: "ok",
        execution_count: count,
        payload: outcome.payload ?? [],
        user_expressions: userExpressions,
      });
      return;
    }
    const { ename, evalue, traceback } = outcome;
    if (!silent) void this.publish(req, "error", { ename, evalue, traceback });
    await this.reply(outbox, req, "execute_reply", {
      status: "error",
      execution_count: count,
      ename,
      evalue,
      traceback,
      user_expressions: {},
    });
    if (c.stop_on_error !== false) await this.abortQueued();
  }

  /**
   * After an error (with stop_on_error), requests to execute that were already
   * queued are answered "aborted", as ipykernel does; requests sent after that
   * run normally. A moment's pause lets frames already in the socket arrive.
   */
  private async abortQueued(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 10));
    for (const req of this.shellQueue?.take("execute_request") ?? []) {
      await this.publish(req, "status", { execution_state: "busy" });
      await this.reply(this.out.shell, req, "execute_reply", {
        status: "aborted",
        execution_count: this.session.executionCount,
      });
      await this.publish(req, "status", { execution_state: "idle" });
    }
  }

  /** Asks the frontend for a line of input on the stdin channel (input_request / input_reply). */
  private requestInput(req: Message, prompt: string, password: boolean): Promise<string> {
    const h = header("input_request", this.kernelSession);
    const answer = new Promise<string>((resolve) => this.inputWaiters.set(h.msg_id, resolve));
    void this.stdinOut.send(serialize(req.identities, h, req.header, { prompt, password }, this.signer));
    return answer;
  }

  private async readStdin(): Promise<void> {
    try {
      for await (const frames of this.stdin) {
        const parsed = parse(frames as Buffer[], this.signer);
        if (!parsed.ok || parsed.message.header.msg_type !== "input_reply") continue;
        // jupyter_client sends input_reply without a parent header: then it answers the oldest request.
        const parentId = (parsed.message.parent_header as { msg_id?: string }).msg_id;
        const key =
          parentId && this.inputWaiters.has(parentId) ? parentId : (this.inputWaiters.keys().next().value ?? "");
        const resolve = this.inputWaiters.get(key);
        this.inputWaiters.delete(key);
        resolve?.(String(parsed.message.content.value ?? ""));
      }
    } catch (e) {
      if (!this.closing) terminal.stderr(`needlab kernel: stdin stopped: ${(e as Error).message}\n`);
    }
  }

  /** history_request as IPython answers it: tail, range (this session) and glob search, with or without outputs. */
  private historyFor(content: Record<string, unknown>): [number, number, string | [string, string | null]][] {
    const withOutput = Boolean(content.output);
    const row = (h: HistoryEntry): [number, number, string | [string, string | null]] => [
      HISTORY_SESSION,
      h.count,
      withOutput ? [h.code, h.output] : h.code,
    ];
    const last = (entries: HistoryEntry[], n: unknown) =>
      n == null ? entries : entries.slice(-Math.max(0, Number(n)));
    switch (content.hist_access_type) {
      case "tail":
        return last(this.history, content.n ?? 10).map(row);
      case "range": {
        const session = Number(content.session ?? 0);
        if (session !== 0 && session !== HISTORY_SESSION) return [];
        const start = Number(content.start ?? 0),
          stop = content.stop == null ? Infinity : Number(content.stop);
        return this.history.filter((h) => h.count >= start && h.count < stop).map(row);
      }
      case "search": {
        const glob = String(content.pattern ?? "*")
          .replace(/[.+^${}()|[\]\\]/g, "\\$&")
          .replace(/\*/g, ".*")
          .replace(/\?/g, ".");
        const pattern = new RegExp(`^${glob}$`, "s");
        let found = this.history.filter((h) => pattern.test(h.code));
        if (content.unique) found = found.filter((h, i) => found.findLastIndex((o) => o.code === h.code) === i);
        return last(found, content.n).map(row);
      }
      default:
        return [];
    }
  }

  async shutdown(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    // Whatever a running cell holds, the process ends: closing below must not be able to keep it.
    setTimeout(() => process.exit(0), 1000);
    try {
      this.session.close();
    } catch {
      // The executor may be mid-cell; exiting ends it.
    }
    await new Promise((r) => setTimeout(r, 50)); // let the last replies leave
    for (const s of [this.shell, this.control, this.stdin, this.iopub, this.hb]) s.close();
    process.exit(0);
  }
}

function kernelInfo(): Record<string, unknown> {
  const pkg = JSON.parse(fs.readFileSync(`${PACKAGE_ROOT}/package.json`, "utf8")) as { version: string };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tsVersion = (require("@tslab/typescript-for-tslab/package.json") as { version: string }).version;
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "needlab",
    implementation_version: pkg.version,
    language_info: {
      name: "typescript",
      version: tsVersion,
      mimetype: "text/typescript",
      file_extension: ".ts",
      // tslab's combination: it turns on TypeScript highlighting in both JupyterLab and the classic Notebook.
      codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
    },
    banner: `needlab ${pkg.version}: TypeScript (tslab) with the needs DSL (%%needs cells), Node.js ${process.versions.node}`,
    help_links: [{ text: "needlab README", url: "https://github.com/needlab/needlab#readme" }],
  };
}

export async function startKernel(connectionFile: string): Promise<void> {
  const conn = JSON.parse(fs.readFileSync(connectionFile, "utf8")) as ConnectionInfo;
  const session = new Session(process.cwd());
  const kernel = new Kernel(conn, session);
  // User code must never take the kernel down: report stray errors to the cell that is running.
  process.on("uncaughtException", (e) => session.reportStrayError(e));
  process.on("unhandledRejection", (e) => session.reportStrayError(e));
  process.on("SIGINT", () => session.interrupt());
  watchParent(() => void kernel.shutdown());
  await kernel.start();
}
