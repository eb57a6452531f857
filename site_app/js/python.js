// The client of the planner's Python, which runs in a Web Worker (worker.mjs). Every call
// answers {ok: true, …} or {ok: false, error}: a failed call never throws, and a failure of
// the machinery itself (the worker died, Python crashed, loading failed) also reaches the
// user, once, through `onFault`, in plain words. The page's boot module (boot.js) starts it
// and listens; what it said before anybody listened is told first, in order.

/**
 * @typedef {import("./types.js").WorkerMessage} WorkerMessage
 * @typedef {import("./types.js").StageMessage} StageMessage
 * @typedef {import("./types.js").Failure} Failure
 * @typedef {import("./calltypes.js").Calls} Calls
 * @typedef {import("./types.js").SnapshotMessage} SnapshotMessage
 * @typedef {{onStage?: (stage: StageMessage) => void, onFault?: (sentence: string) => void,
 *            onSnapshot?: (msg: SnapshotMessage) => void}} Hooks
 */

const LOAD_TIMEOUT_MS = 90000;
/** A restore from a memory snapshot takes about a second; one that takes this long is stuck
 * inside the runtime, where the worker cannot stop itself. */
const RESTORE_TIMEOUT_MS = 10000;
/** How long the page is left alone after its first agenda before a snapshot is made. */
const SNAPSHOT_DELAY_MS = 2000;
/** A snapshot maker still at work after this long is stopped (the next visit tries again). */
const SNAPSHOT_TIMEOUT_MS = 120000;

/** The worker belongs to another build than the page, or said what the page cannot read. */
export class OutdatedError extends Error {}

export class Python {
  /**
   * @param {URL} workerUrl
   * @param {string} build  the page's build: a worker of another build is not used
   */
  constructor(workerUrl, build) {
    this.workerUrl = workerUrl;
    this.build = build;
    /** @type {Hooks|null} the page's listeners, once it listens */
    this.hooks = null;
    /** @type {Array<() => void>} what the page is told once it listens */
    this.untold = [];
    /** @type {Worker|null} */
    this.worker = null;
    this.nextId = 1;
    /** @type {Map<number, (answer: any) => void>} */
    this.pending = new Map();
    /** Python has started (from a snapshot or not) */
    this.ready = false;
    /** after a normal boot: a snapshot for the next visit is wanted (see snapshotWhenIdle) */
    this.snapshotWanted = false;
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
    worker.onmessage = (event) => this.receive(event.data);
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

  /**
   * What the worker said. Before Python is ready, a message of another shape, or a worker of
   * another build (an older or newer copy from a cache), ends the start: the page and that
   * worker would not understand each other.
   * @param {unknown} data
   */
  receive(data) {
    const msg = /** @type {WorkerMessage} */ (data);
    const known = msg !== null && typeof msg === "object" && ["stage", "failed", "answer"].includes(msg.type);
    if (!known || (msg.type === "stage" && msg.stage === "ready" && msg.build !== this.build)) {
      if (this.ready) return;
      const theirs = known && msg.type === "stage" ? msg.build : undefined;
      this.bootReject(new OutdatedError(`the page is build ${this.build}, its Python worker ${theirs || "another"}`));
      if (this.worker) this.worker.terminate();
      return;
    }
    if (msg.type === "stage") {
      if (msg.stage === "restoring") this.watchRestore();
      if (msg.stage === "ready") {
        this.ready = true;
        this.snapshotWanted = Boolean(msg.wanted);
      }
      this.tell((hooks) => hooks.onStage && hooks.onStage(msg));
      if (msg.stage === "ready") this.bootResolve(msg);
      return;
    }
    if (msg.type === "failed") { this.bootReject(new Error(msg.error)); return; }
    const resolve = this.pending.get(msg.id);
    if (!resolve) return;
    this.pending.delete(msg.id);
    const answer = /** @type {any} */ (msg.answer);
    if (!answer.ok && answer.fault) {
      // For the developer: where it happened (no data of the user's); the user gets the sentence.
      if (answer.trace) console.error(`Follow-up Planner: ${answer.trace}`);
      this.fault(answer.error);
    }
    resolve(answer);
  }

  /**
   * After a normal boot, once the page has been quiet for `delayMs` and is idle: a second
   * worker (worker.mjs named "snapshot-maker") boots, makes the memory snapshot that the next
   * visit starts from, keeps it, and is stopped. It never receives a call, so nothing of the
   * user's is in it; the planner's own worker goes on answering meanwhile.
   * @param {number} [delayMs]
   */
  snapshotWhenIdle(delayMs = SNAPSHOT_DELAY_MS) {
    if (!this.snapshotWanted) return;
    this.snapshotWanted = false;
    const make = () => {
      const maker = new Worker(this.workerUrl, { type: "module", name: "snapshot-maker" });
      const stop = () => { clearTimeout(timer); maker.terminate(); };
      const timer = setTimeout(stop, SNAPSHOT_TIMEOUT_MS);
      maker.onmessage = (event) => {
        const msg = /** @type {import("./types.js").MakerMessage} */ (event.data);
        if (msg.type === "snapshot") this.tell((hooks) => hooks.onSnapshot && hooks.onSnapshot(msg));
        if (msg.type === "snapshot" || msg.type === "failed") stop();
      };
      maker.onerror = (event) => { event.preventDefault(); stop(); };
    };
    setTimeout(() => {
      if (typeof requestIdleCallback === "function") requestIdleCallback(make, { timeout: 5000 });
      else make();
    }, delayMs);
  }

  /**
   * The page listens from now on; what the worker said before is told first, in order.
   * @param {Hooks} hooks
   */
  listen(hooks) {
    this.hooks = hooks;
    for (const told of this.untold.splice(0)) told();
  }

  /** @param {(hooks: Hooks) => void} what */
  tell(what) {
    if (this.hooks) what(this.hooks);
    else this.untold.push(() => what(/** @type {Hooks} */ (this.hooks)));
  }

  /** @param {string} sentence */
  fault(sentence) {
    this.tell((hooks) => hooks.onFault && hooks.onFault(sentence));
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
   * Calls one bridge function (followup.bridge.FUNCTIONS) with its request; answers with
   * its answer or a Failure (calltypes.js: Calls, the one map of them).
   * @template {keyof Calls} K
   * @param {K} fn
   * @param {Calls[K][0]} request
   * @returns {Promise<Calls[K][1] | Failure>}
   */
  async call(fn, request) {
    try {
      await this.booted;
    } catch (error) {
      const why = error instanceof OutdatedError
        ? "the planner was updated while this page was loading. Reload the page"
        : /** @type {Error} */ (error).message;
      return /** @type {Failure} */ ({ ok: false, error: `The planner couldn't start: ${why}`, fault: true });
    }
    const worker = /** @type {Worker} */ (this.worker);
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, resolve);
      // The device's clock (12 or 24-hour), for times the document does not set a clock for.
      worker.postMessage({ id, fn, request: JSON.stringify({ clock: deviceClock(), ...request }) });
    });
  }
}

/**
 * The clock this device writes times on: "24h" or "12h", from its locale's hour cycle.
 * @returns {"12h"|"24h"}
 */
export function deviceClock() {
  const cycle = new Intl.DateTimeFormat(undefined, { hour: "numeric" }).resolvedOptions().hourCycle;
  return cycle === "h23" || cycle === "h24" ? "24h" : "12h";
}
