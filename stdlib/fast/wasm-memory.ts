/**
 * What needlab's WebAssembly kernels (wasm/, AssemblyScript) share on the
 * JavaScript side: one compiled module per kernel, a fresh instance per use
 * (its memory is freed with it), and byte offsets laid out for the kernel's
 * arrays, 16-byte aligned for SIMD.
 */

/** Node's WebAssembly global (the ES library types here do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const { WebAssembly: wasmApi } = globalThis as unknown as { WebAssembly: WasmApi };

export interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

const compiled = new Map<string, object>();

/** A new instance of the kernel whose bytes are `base64`, its memory grown to hold `bytes`. */
export function instantiate<T>(base64: string, bytes: number): T & { memory: WasmMemory } {
  let module = compiled.get(base64);
  if (!module) compiled.set(base64, (module = new wasmApi.Module(Buffer.from(base64, "base64"))));
  const exports = new wasmApi.Instance(module, {}).exports as T & { memory: WasmMemory };
  const have = exports.memory.buffer.byteLength;
  if (have < bytes) exports.memory.grow(Math.ceil((bytes - have) / 65536));
  return exports;
}

/** wasm32 addresses at most 4 GiB (65,536 pages of 64 KiB). */
export const WASM_MEMORY_LIMIT = 65536 * 65536;

/** Byte offsets handed out in order, each 16-byte aligned; the kernel's own data (constants) sits below 64 KiB. */
export class Layout {
  end = 65536;
  take(bytes: number): number {
    const at = this.end;
    this.end += Math.ceil(bytes / 16) * 16;
    return at;
  }
}
