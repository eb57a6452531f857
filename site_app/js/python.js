// The client of the planner's Python, which runs in a Web Worker (worker.mjs). Every call
// answers {ok: true, …} or {ok: false, error}: a failed call never throws, and a failure of
// the machinery itself (the worker died, Python crashed, loading failed) also reaches the
// user, once, through `onFault`, in plain words.

/**
 * @typedef {import("./types.js").WorkerMessage} WorkerMessage
 * @typedef {import("./types.js").StageMessage} StageMessage
 * @typedef {import("./types.js").Failure} Failure
 */

const LOAD_TIMEOUT_MS = 90000;
/** A restore from a memory snapshot takes about a second; one that takes this long is stuck
 * inside the runtime, where the worker cannot stop itself. */
const RESTORE_TIMEOUT_MS = 10000;

export class Python {
  /**
   * @param {URL} workerUrl
   * @param {{onStage?: (stage: StageMessage) => void, onFault?: (sentence: string) => void,
   *          onSnapshot?: (msg: import("./types.js").SnapshotMessage) => void}} hooks
   */
  constructor(workerUrl, hooks = {}) {
    this.workerUrl = workerUrl;
    this.hooks = hooks;
    /** @type {Worker|null} */
    this.worker = null;
    this.nextId = 1;
    /** @type {Map<number, (answer: any) => void>} */
    this.pending = new Map();
    /** Python has started (from a snapshot or not) */
    this.ready = false;
    /** @type {string|null} why Python could not start, once known */
    this.failure = null;
    /** @type {(value: StageMessage) => void} */
    this.bootResolve = () => {};
    /** @type {(error: Error) => void} */
    this.bootReject = () => {};
    /** @type {Promise<StageMessage>} settles when Python is ready, or could not start */
    this.booted = new Promise((resolve, reject) => { this.bootResolve = resolve; this.bootReject = reject; });
    this.booted.catch((error) => { this.failure = error.message; this.settleAll(error.message); });
  }

  /**
   * Starts the worker. Named "snapshot-off", it boots without a memory snapshot: the page's
   * way out of a restore that hangs.
   * @param {string} [name]
   */
  start(name = "planner") {
    const first = !this.worker;
    const worker = new Worker(this.workerUrl, { type: "module", name });
    this.worker = worker;
    worker.onmessage = (event) => this.receive(/** @type {WorkerMessage} */ (event.data));
    worker.onerror = (event) => {
      const sentence = event.message || "The planner's worker stopped.";
      this.bootReject(new Error(sentence));
      this.fault(sentence);
      this.settleAll(sentence);
    };
    if (first) setTimeout(() => this.bootReject(new Error("Loading took too long.")), LOAD_TIMEOUT_MS);
  }

  /** A restore that has not finished in time: a new worker boots without the snapshot. */
  watchRestore() {
    const worker = this.worker;
    setTimeout(() => {
      if (!worker || this.worker !== worker || this.ready) return;
      worker.terminate();
      this.start("snapshot-off");
    }, RESTORE_TIMEOUT_MS);
  }

  /** @param {WorkerMessage} msg */
  receive(msg) {
    if (msg.type === "stage") {
      if (msg.stage === "restoring") this.watchRestore();
      if (msg.stage === "ready") this.ready = true;
      if (this.hooks.onStage) this.hooks.onStage(msg);
      if (msg.stage === "ready") this.bootResolve(msg);
      return;
    }
    if (msg.type === "snapshot") {
      if (this.hooks.onSnapshot) this.hooks.onSnapshot(msg);
      return;
    }
    if (msg.type === "failed") { this.bootReject(new Error(msg.error)); return; }
    const resolve = this.pending.get(msg.id);
    if (!resolve) return;
    this.pending.delete(msg.id);
    const answer = /** @type {any} */ (msg.answer);
    if (!answer.ok && answer.fault) this.fault(answer.error);
    resolve(answer);
  }

  /** @param {string} sentence */
  fault(sentence) {
    if (this.hooks.onFault) this.hooks.onFault(sentence);
  }

  /**
   * Answers every call still waiting with the same failure.
   * @param {string} sentence
   */
  settleAll(sentence) {
    for (const [id, resolve] of this.pending) {
      this.pending.delete(id);
      resolve({ ok: false, error: sentence, fault: true });
    }
  }

  /**
   * Calls one bridge function (followup.bridge.FUNCTIONS) with a request.
   * @param {string} fn
   * @param {Object} request
   * @returns {Promise<any>} the bridge's answer, or a Failure
   */
  async call(fn, request) {
    try {
      await this.booted;
    } catch (error) {
      return /** @type {Failure} */ ({ ok: false, error: `The planner couldn't start: ${/** @type {Error} */ (error).message}`, fault: true });
    }
    const worker = /** @type {Worker} */ (this.worker);
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, resolve);
      worker.postMessage({ id, fn, request: JSON.stringify(request) });
    });
  }
}
