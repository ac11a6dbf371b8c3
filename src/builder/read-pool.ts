/**
 * Reading posts on worker threads. The build stays one synchronous pass: the main thread deals posts
 * out in batches, in input order, to the workers and to itself in turn, and takes the results back in
 * the same order, reading its own batches when their turn comes and waiting for a worker's on a
 * shared counter (Atomics.wait), taking each message off its port without the event loop
 * (receiveMessageOnPort). Every thread runs the same readPost, so the records and items, and so the
 * output, are the same whichever thread read them. A build with few posts to read reads them on the
 * main thread alone: starting workers would cost more than it saves.
 *
 * A worker runs the module that holds this code: from source, this file; in the compiled builder,
 * the whole builder (whose modules do nothing when loaded but this one's last line).
 */
import { MessageChannel, receiveMessageOnPort, Worker, isMainThread, workerData, type MessagePort } from 'node:worker_threads';
import type { InputFile } from './read.ts';
import { readPost, type ReadPost } from './read-post.ts';
import type { SiteConfig } from './site-config.ts';

export interface ReadJob {
  /** The input's place in the build. */
  at: number;
  input: InputFile;
  /** Its name in the report. */
  file: string;
  /** Its signature; non-null means it was just found to be a regular file. */
  sig: string | null;
}

export interface PostReader {
  /** Read a post; its result is handed to `done` during this call or a later one, in the order read. */
  read(job: ReadJob): void;
  /** Hand over every result still due, then stop the workers. */
  finish(): void;
}

/** Posts a batch: big enough that messages cost little beside parsing, small enough to keep both cores busy. */
const BATCH = 64;
/** Batches in flight per thread. */
const DEPTH = 4;
/** Fewer posts to read than this are read on the main thread. */
export const MIN_POSTS_FOR_WORKERS = 1000;
/** How long a worker may take to answer its first batch (it starts up first), and any later one. */
const FIRST_ANSWER_MS = 60_000;
const SILENCE_MS = 10 * 60_000;

interface PoolData {
  finewsReadPool: true;
  site: SiteConfig;
  signal: Int32Array;
  index: number;
  port: MessagePort;
}

type Reply = { results: [number, ReadPost][] } | { error: string };

const readOne = (job: ReadJob, site: SiteConfig): ReadPost => readPost(job.input, site, job.file, job.sig, job.sig !== null);

/**
 * A reader that reads on the main thread and `threads` worker threads once at least `minPosts` posts
 * are to be read (on the main thread alone with 0 threads, or when fewer are). `done` gets each
 * result in the order read.
 */
export function postReader(site: SiteConfig, threads: number, done: (at: number, result: ReadPost) => void, minPosts = MIN_POSTS_FOR_WORKERS): PostReader {
  let queued: ReadJob[] = [];
  let pool: Pool | null = null;
  const inline = (job: ReadJob): void => done(job.at, readOne(job, site));
  return {
    read(job) {
      if (threads < 1) return inline(job);
      queued.push(job);
      if (!pool && queued.length >= minPosts) pool = startPool(site, threads, done);
      if (pool && queued.length >= BATCH) {
        for (let i = 0; i < queued.length; i += BATCH) pool.send(queued.slice(i, i + BATCH));
        queued = [];
      }
    },
    finish() {
      if (!pool) {
        queued.forEach(inline);
      } else {
        if (queued.length > 0) pool.send(queued);
        pool.close();
      }
      queued = [];
      pool = null;
    },
  };
}

interface Pool {
  send(jobs: ReadJob[]): void;
  /** Wait for every batch sent, then stop the workers. */
  close(): void;
}

function startPool(site: SiteConfig, threads: number, done: (at: number, result: ReadPost) => void): Pool {
  const url = new URL(import.meta.url);
  // Run from source (tests, tsx), the worker registers the TypeScript loader first; the compiled builder needs none.
  const tsx = url.pathname.endsWith('.ts') ? import.meta.resolve('tsx/esm/api') : null;
  const entry = tsx ? `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });` : url;
  const signal = new Int32Array(new SharedArrayBuffer(4 * threads));
  const workers = Array.from({ length: threads }, (_, index) => {
    const { port1, port2 } = new MessageChannel();
    const data: PoolData = { finewsReadPool: true, site, signal, index, port: port2 };
    const worker = new Worker(entry, { eval: tsx !== null, workerData: data, transferList: [port2] });
    worker.unref();
    return { worker, port: port1, answered: false };
  });
  /** Each batch in flight, oldest first: the worker it went to, or the batch itself when it is the main thread's. */
  const inFlight: (number | ReadJob[])[] = [];
  let next = 0;
  const receive = (): void => {
    const index = inFlight.shift();
    if (index === undefined) return;
    if (typeof index !== 'number') {
      for (const job of index) done(job.at, readOne(job, site));
      return;
    }
    const w = workers[index];
    if (!w) return;
    for (;;) {
      const seen = Atomics.load(signal, index);
      const message = receiveMessageOnPort(w.port) as { message: Reply } | undefined;
      if (message) {
        w.answered = true;
        const reply = message.message;
        if ('error' in reply) throw new Error(`a thread reading posts failed: ${reply.error}`);
        for (const [at, result] of reply.results) done(at, result);
        return;
      }
      const limit = w.answered ? SILENCE_MS : FIRST_ANSWER_MS;
      if (Atomics.wait(signal, index, seen, limit) === 'timed-out' && Atomics.load(signal, index) === seen) {
        throw new Error(`a thread reading posts gave no answer in ${limit / 1000} s${w.answered ? '' : ' (did it start?)'}`);
      }
    }
  };
  const stop = (): void => {
    for (const w of workers) {
      w.port.close();
      void w.worker.terminate();
    }
  };
  return {
    send(jobs) {
      if (inFlight.length >= (threads + 1) * DEPTH) {
        try {
          receive();
        } catch (error) {
          stop();
          throw error;
        }
      }
      const index = next++ % (threads + 1);
      const worker = workers[index];
      if (worker) {
        worker.port.postMessage(jobs);
        inFlight.push(index);
      } else inFlight.push(jobs);
    },
    close() {
      try {
        while (inFlight.length > 0) receive();
      } finally {
        stop();
      }
    },
  };
}

/** A worker's side: read each batch of posts and answer with the results, then signal. */
function serve({ site, signal, index, port }: PoolData): void {
  const answer = (reply: Reply): void => {
    port.postMessage(reply);
    Atomics.add(signal, index, 1);
    Atomics.notify(signal, index);
  };
  port.on('message', (jobs: ReadJob[]) => {
    try {
      answer({ results: jobs.map((job) => [job.at, readOne(job, site)]) });
    } catch (error) {
      answer({ error: (error as Error).stack ?? String(error) });
    }
  });
}

if (!isMainThread && (workerData as Partial<PoolData> | null)?.finewsReadPool === true) serve(workerData as PoolData);
