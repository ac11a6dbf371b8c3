/**
 * Writing files on a worker thread. A full build creates one file per post; creating a file is a
 * system call the main thread would otherwise wait on while it could be making the next one. The
 * main thread hands files over in batches, in order, and goes on; one writer thread writes them in
 * that order and counts each batch done on a shared counter. The main thread waits on that counter
 * (Atomics.wait) only when too much is queued, and at flush(), which returns once every file handed
 * over is on disk and throws the first write that failed. Folders are made by the caller, before it
 * hands over the files that go in them.
 */
import { writeFileSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

export interface FileWriter {
  /** Write a file (its folder exists); done during this call or a later one, in the order written. */
  write(path: string, content: string | Uint8Array): void;
  /** Return once every file written so far is on disk; throws if any write failed. */
  flush(): void;
  /** flush(), then stop the thread. */
  close(): void;
}

/** Files per batch, and size (characters of text, bytes of binary): a batch is sent when either is reached. */
const BATCH_FILES = 64;
const BATCH_SIZE = 256 << 10;
/** Batches queued before the main thread waits for the writer (bounds the memory they hold). */
const MAX_QUEUED = 8;
/** How long the writer may take over one batch (or to start) before the build gives up. */
const SILENCE_MS = 5 * 60_000;

type File = [path: string, content: string | Uint8Array];

/**
 * The writer thread: write each batch in order and count it done on the shared counter; after a
 * failure, say why once and write nothing more. A script of its own (not this module): the thread
 * loads nothing but this, so it costs a few megabytes, not a second copy of the builder.
 */
const WRITER = `
const { workerData: { signal, port } } = require('node:worker_threads');
const { writeFileSync } = require('node:fs');
let failed = false;
port.on('message', (files) => {
  if (!failed) {
    try {
      for (const [path, content] of files) writeFileSync(path, content);
    } catch (error) {
      failed = true;
      port.postMessage(String(error && error.message));
    }
  }
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

/** Files written on the calling thread before a writer thread is started (starting one costs more than a few writes). */
export const MIN_FILES_FOR_THREAD = 1000;

/**
 * A file writer: on the calling thread, or with `thread`, on a thread of its own once more than
 * `minFiles` files are written (the first ones are written at once).
 */
export function fileWriter(thread: boolean, minFiles = MIN_FILES_FOR_THREAD): FileWriter {
  let written = 0;
  let pool: FileWriter | null = null;
  return {
    write(path, content) {
      if (pool) return pool.write(path, content);
      if (thread && ++written > minFiles) {
        pool = startWriter();
        return pool.write(path, content);
      }
      writeFileSync(path, content);
    },
    flush: () => pool?.flush(),
    close: () => pool?.close(),
  };
}

function startWriter(): FileWriter {
  const { port1: port, port2 } = new MessageChannel();
  // [0]: batches written.
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WRITER, { eval: true, workerData: { signal, port: port2 }, transferList: [port2] });
  // The main thread waits for the writer itself (Atomics.wait): the thread never keeps the process alive.
  worker.unref();
  let batch: File[] = [];
  let size = 0;
  let sent = 0;
  let failure: Error | null = null;
  const check = (): void => {
    const message = receiveMessageOnPort(port) as { message: string } | undefined;
    if (message && !failure) failure = new Error(message.message);
    if (failure) throw failure;
  };
  /** Wait until no more than `queued` batches are left to write. */
  const waitFor = (queued: number): void => {
    for (;;) {
      const done = Atomics.load(signal, 0);
      if (sent - done <= queued) return check();
      if (Atomics.wait(signal, 0, done, SILENCE_MS) === 'timed-out' && Atomics.load(signal, 0) === done) {
        check();
        throw new Error(`the thread writing files wrote nothing in ${SILENCE_MS / 1000} s`);
      }
    }
  };
  const send = (): void => {
    if (batch.length === 0) return;
    check();
    if (sent - Atomics.load(signal, 0) >= MAX_QUEUED) waitFor(MAX_QUEUED - 1);
    port.postMessage(batch);
    sent++;
    batch = [];
    size = 0;
  };
  const flush = (): void => {
    send();
    waitFor(0);
  };
  let closed = false;
  return {
    write(path, content) {
      batch.push([path, content]);
      size += content.length;
      if (batch.length >= BATCH_FILES || size >= BATCH_SIZE) send();
    },
    flush,
    close() {
      if (closed) return;
      try {
        flush();
      } finally {
        closed = true;
        port.close();
        void worker.terminate();
      }
    },
  };
}
