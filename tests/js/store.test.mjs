// The store, alone: ordering, compare-and-swap, other tabs, a full storage, the first-paint
// cache. Python is replaced by a small in-process planner over a toy document (a JSON list of
// the changes made), so these run in milliseconds; the browser tests run the real thing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Store, KEY, CACHE_KEY, stamp } from "../../site_app/js/store.js";

/** localStorage's behaviour: strings in, strings out; a quota that can be made to refuse. */
class FakeStorage {
  constructor() { this.items = new Map(); this.full = false; this.writes = 0; }
  getItem(key) { return this.items.has(key) ? this.items.get(key) : null; }
  setItem(key, value) {
    if (this.full && key === KEY) throw new Error("QuotaExceededError");
    this.writes += 1;
    this.items.set(key, String(value));
  }
  removeItem(key) { this.items.delete(key); }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * A stand-in for the bridge: a document is the JSON text of a list of entries, one for each
 * change made, each with the change's `name` and some facts, as a real application has. Each call takes a few ticks, and `during` runs inside the first one,
 * as another tab would save while Python works.
 */
function fakePython({ during = null, bad = "UNREADABLE" } = {}) {
  const calls = [];
  let busy = 0;
  let maxBusy = 0;
  const view = (list) => ({ timezone: "UTC", steps: [], groups: [], sample: false, events: list.length,
    settings: {}, applications: list.map((name) => ({ id: name, company: name, role: "", headline: `Next: ${name}`, status: "active", timeline: [] })) });
  const parse = (text) => (text === null ? [] : JSON.parse(text).map((entry) => entry.name));
  const serialise = (list) => JSON.stringify(list.map((name) => ({ name, facts: "f".repeat(400) })), null, 2);
  async function call(fn, request) {
    calls.push({ fn, request });
    busy += 1;
    maxBusy = Math.max(maxBusy, busy);
    try {
      await tick();
      if (during && calls.length === 1) during();
      await tick();
      if (request.document === bad) return { ok: false, error: "not valid JSON" };
      const list = parse(request.document);
      if (fn === "agenda") return { ok: true, view: view(list) };
      if (fn === "change") {
        if (request.change.op === "fail") return { ok: false, error: "That application no longer exists." };
        if (request.change.op === "twice" && !request.change.despite) {
          return { ok: false, error: "You already followed up today (R10).", warning: { rule: "R10", title: "Never more than once a day", guide: "how-many-times/#r10" } };
        }
        const next = [...list, request.change.name];
        return { ok: true, text: serialise(next), message: `Did ${request.change.name}.`, undo: null, view: view(next) };
      }
      throw new Error(`unexpected ${fn}`);
    } finally {
      busy -= 1;
    }
  }
  return { call, calls, maxBusy: () => maxBusy };
}

function makeStore(storage, python, build = "build-1") {
  return new Store({ storage, call: python.call, now: () => "2026-12-04T19:30:00-05:00", zone: () => "America/New_York",
    build, paintOf: (view) => ({ sample: false, groups: [], apps: view.applications.map((a) => ({ id: a.id, company: a.company, role: "", headline: a.headline, status: "active", marks: [] })) }) });
}

const doc = (...names) => JSON.stringify(names.map((name) => ({ name, facts: "f".repeat(400) })), null, 2);
const stored = (storage) => JSON.parse(storage.getItem(KEY)).map((entry) => entry.name);

test("changes asked for at once run one at a time, in order, and none is lost", async () => {
  const storage = new FakeStorage();
  const python = fakePython();
  const store = makeStore(storage, python);
  await store.open();
  const outcomes = await Promise.all(["a", "b", "c", "d", "e"].map((name) => store.change({ op: "record", name })));
  assert.deepEqual(outcomes.map((o) => o.ok && o.saved), [true, true, true, true, true]);
  assert.deepEqual(stored(storage), ["a", "b", "c", "d", "e"]);
  assert.equal(python.maxBusy(), 1, "two Python calls overlapped");
  assert.equal(store.changes, 5);
});

test("a change is made on top of another tab's save that this tab has not seen", async () => {
  const storage = new FakeStorage();
  storage.setItem(KEY, doc("mine"));
  const python = fakePython();
  const store = makeStore(storage, python);
  await store.open();
  storage.setItem(KEY, doc("mine", "theirs")); // no storage event reaches the writer's own tab
  const outcome = await store.change({ op: "record", name: "new" });
  assert.equal(outcome.ok, true);
  assert.equal(outcome.adopted, true);
  assert.deepEqual(stored(storage), ["mine", "theirs", "new"]);
  assert.equal(store.text, storage.getItem(KEY));
});

test("compare-and-swap: a save made elsewhere while Python works is never overwritten", async () => {
  const storage = new FakeStorage();
  storage.setItem(KEY, doc());
  const python = fakePython({ during: () => storage.setItem(KEY, doc("theirs")) });
  const store = makeStore(storage, python);
  await store.open(); // the first call: the other tab saves during it ...
  assert.deepEqual(stored(storage), ["theirs"]);
  const outcome = await store.change({ op: "record", name: "mine" });
  assert.equal(outcome.ok, true);
  assert.deepEqual(stored(storage), ["theirs", "mine"]);
});

test("compare-and-swap: the change is made again when another tab saves mid-change", async () => {
  const storage = new FakeStorage();
  storage.setItem(KEY, doc("start"));
  let saves = 0;
  const python = fakePython();
  const store = makeStore(storage, python);
  await store.open();
  const call = store.deps.call;
  store.deps.call = async (fn, request) => {
    const answer = await call(fn, request);
    if (fn === "change" && saves++ === 0) storage.setItem(KEY, doc("start", "theirs"));
    return answer;
  };
  const outcome = await store.change({ op: "record", name: "mine" });
  assert.equal(outcome.ok, true);
  assert.deepEqual(stored(storage), ["start", "theirs", "mine"]);
  assert.equal(python.calls.filter((c) => c.fn === "change").length, 2);
});

test("a refused save keeps the change in memory, and the next save stores both", async () => {
  const storage = new FakeStorage();
  const python = fakePython();
  const events = [];
  const store = makeStore(storage, python);
  store.subscribe((e) => events.push(e.type));
  await store.open();
  storage.full = true;
  const first = await store.change({ op: "record", name: "kept" });
  assert.equal(first.ok, true);
  assert.equal(first.saved, false);
  assert.equal(storage.getItem(KEY), null);
  assert.equal(store.unsaved, true);
  assert.equal(store.backupText(), doc("kept"));
  storage.full = false;
  const second = await store.change({ op: "record", name: "next" });
  assert.equal(second.saved, true);
  assert.deepEqual(stored(storage), ["kept", "next"]);
  assert.equal(store.unsaved, false);
  assert.deepEqual(events, ["view", "unsaved", "saved"]);
});

test("another tab's save is taken in; this tab's own save is not taken in again", async () => {
  const storage = new FakeStorage();
  const python = fakePython();
  const store = makeStore(storage, python);
  await store.open();
  await store.change({ op: "record", name: "a" });
  assert.equal(await store.adopt(storage.getItem(KEY)), false);
  const theirs = doc("a", "b");
  assert.equal(await store.adopt(theirs), true);
  assert.equal(store.text, theirs);
  assert.deepEqual(store.view.applications.map((a) => a.id), ["a", "b"]);
});

test("unreadable stored data is never written over by a change", async () => {
  const storage = new FakeStorage();
  storage.setItem(KEY, "UNREADABLE");
  const store = makeStore(storage, fakePython());
  assert.equal(await store.open(), "unreadable");
  assert.equal(store.problem, "not valid JSON");
  const outcome = await store.change({ op: "record", name: "x" });
  assert.equal(outcome.ok, false);
  assert.match(outcome.error, /read-only/);
  assert.equal(storage.getItem(KEY), "UNREADABLE");
});

test("a failed change leaves the stored document as it was", async () => {
  const storage = new FakeStorage();
  storage.setItem(KEY, doc("a"));
  const store = makeStore(storage, fakePython());
  await store.open();
  const writes = storage.writes;
  const outcome = await store.change({ op: "fail" });
  assert.deepEqual(outcome, { ok: false, error: "That application no longer exists.", adopted: false });
  assert.equal(storage.writes, writes);
  assert.deepEqual(stored(storage), ["a"]);
});

test("a change against a rule comes back with its warning, saves nothing, and saves when confirmed", async () => {
  const storage = new FakeStorage();
  storage.setItem(KEY, doc("a"));
  const store = makeStore(storage, fakePython());
  await store.open();
  const outcome = await store.change({ op: "twice", name: "b" });
  assert.deepEqual(outcome, { ok: false, error: "You already followed up today (R10).", adopted: false,
    warning: { rule: "R10", title: "Never more than once a day", guide: "how-many-times/#r10" } });
  assert.deepEqual(stored(storage), ["a"]);
  const confirmed = await store.change({ op: "twice", name: "b", despite: true });
  assert.equal(confirmed.ok, true);
  assert.deepEqual(stored(storage), ["a", "b"]);
});

test("the first-paint cache is this build's, matches the stored text, and is never larger than it", async () => {
  const storage = new FakeStorage();
  const store = makeStore(storage, fakePython());
  await store.open();
  await store.change({ op: "record", name: "acme-corp-data-analyst-with-a-long-name" });
  const cache = JSON.parse(storage.getItem(CACHE_KEY));
  assert.equal(cache.build, "build-1");
  assert.equal(cache.stamp, stamp(storage.getItem(KEY)));
  assert.ok(storage.getItem(CACHE_KEY).length <= storage.getItem(KEY).length);
  assert.ok(store.cachedPaint(storage.getItem(KEY)));
  assert.equal(store.cachedPaint(doc("something else")), null);
  const newer = makeStore(storage, fakePython(), "build-2");
  assert.equal(newer.cachedPaint(storage.getItem(KEY)), null, "another build's cache was painted");
});

test("a cache that would be larger than the document is not kept", async () => {
  const storage = new FakeStorage();
  const store = makeStore(storage, fakePython());
  store.deps.paintOf = (view) => ({ sample: false, groups: [], apps: [{ id: "x", company: "x".repeat(10000), role: "", headline: "", status: "active", marks: [] }] });
  await store.open();
  await store.change({ op: "record", name: "x" });
  assert.ok(storage.getItem(KEY));
  assert.equal(storage.getItem(CACHE_KEY), null);
});

test("the fingerprint tells texts apart", () => {
  assert.notEqual(stamp("[1]"), stamp("[2]"));
  assert.notEqual(stamp("ab"), stamp("ba"));
  assert.equal(stamp("same"), stamp("same"));
  assert.equal(stamp(null), "none");
});
