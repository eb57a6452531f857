// The store, alone: ordering, compare-and-swap, other tabs, a full storage, the first-paint
// cache. Python is replaced by a small in-process planner over a toy document (a JSON list of
// the changes made), so these run in milliseconds; the browser tests run the real thing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Store, KEY } from "../../site_app/js/store.js";
import { merged } from "../../site_app/js/delta.js";
import { CACHE_KEY, stamp } from "../../site_app/js/paintcache.js";
import { RETIRED, tidy } from "../../site_app/js/tidy.js";

/** localStorage's behaviour: strings in, strings out; a quota that can be made to refuse. */
class FakeStorage {
  constructor() { this.items = new Map(); this.full = false; this.writes = 0; this.quota = Infinity; }
  getItem(key) { return this.items.has(key) ? this.items.get(key) : null; }
  setItem(key, value) {
    if (this.full && key === KEY) throw new Error("QuotaExceededError");
    let used = String(value).length;
    for (const [k, v] of this.items) if (k !== key) used += v.length;
    if (used > this.quota) throw new Error("QuotaExceededError");
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
  assert.equal(store.problem.error, "not valid JSON");
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

test("the first-paint cache is this build's, matches the stored text, and is never longer than it (or 256 K)", async () => {
  const storage = new FakeStorage();
  const store = makeStore(storage, fakePython());
  await store.open();
  await store.change({ op: "record", name: "acme-corp-data-analyst-with-a-long-name" });
  const cache = JSON.parse(storage.getItem(CACHE_KEY));
  assert.equal(cache.build, "build-1");
  assert.equal(cache.stamp, stamp(storage.getItem(KEY)));
  assert.ok(storage.getItem(CACHE_KEY).length <= Math.max(storage.getItem(KEY).length, 256 * 1024));
  assert.ok(store.cachedPaint(storage.getItem(KEY)));
  assert.equal(store.cachedPaint(doc("something else")), null);
  const newer = makeStore(storage, fakePython(), "build-2");
  assert.equal(newer.cachedPaint(storage.getItem(KEY)), null, "another build's cache was painted");
});

test("a cache that would be longer than the document and than 256 K is not kept", async () => {
  const storage = new FakeStorage();
  const store = makeStore(storage, fakePython());
  store.deps.paintOf = (view) => ({ sample: false, groups: [], apps: [{ id: "x", company: "x".repeat(300000), role: "", headline: "", status: "active", marks: [] }] });
  await store.open();
  await store.change({ op: "record", name: "x" });
  assert.ok(storage.getItem(KEY));
  assert.equal(storage.getItem(CACHE_KEY), null);
});

test("the page's markup is kept with the paint when it fits, and left out when it does not", async () => {
  const storage = new FakeStorage();
  const store = makeStore(storage, fakePython());
  let markup = "<div id=\"fp-main\">Acme</div>";
  store.deps.markupOf = (paint) => `${markup} ${paint.apps.length}`;
  await store.open();
  await store.change({ op: "record", name: "acme" });
  assert.equal(JSON.parse(storage.getItem(CACHE_KEY)).html, "<div id=\"fp-main\">Acme</div> 1");
  markup = "<p>".repeat(100000);
  await store.change({ op: "record", name: "globex" });
  const cache = JSON.parse(storage.getItem(CACHE_KEY));
  assert.equal(cache.html, undefined, "markup longer than the room was kept");
  assert.equal(cache.stamp, stamp(storage.getItem(KEY)), "the paint itself is still kept");
  assert.ok(store.cachedPaint(storage.getItem(KEY)));
  store.deps.markupOf = () => null; // none to give (a plan too long for it)
  await store.change({ op: "record", name: "initech" });
  const plain = JSON.parse(storage.getItem(CACHE_KEY));
  assert.equal(plain.html, undefined);
  assert.equal(plain.stamp, stamp(storage.getItem(KEY)));
});

test("a full storage takes the first-paint cache's room for the document", async () => {
  const storage = new FakeStorage();
  const store = makeStore(storage, fakePython());
  store.deps.markupOf = () => "m".repeat(200000);
  await store.open();
  await store.change({ op: "record", name: "acme" });
  assert.ok(storage.getItem(CACHE_KEY), "the cache was kept while there was room");
  storage.quota = storage.getItem(KEY).length + storage.getItem(CACHE_KEY).length + 100;
  const outcome = await store.change({ op: "record", name: "globex" });
  assert.equal(outcome.saved, true, "the document was refused for the cache's sake");
  assert.deepEqual(stored(storage), ["acme", "globex"]);
  assert.equal(store.unsaved, false);
});

test("a full storage takes an earlier build's cache's room first, and a tidy removes only those", async () => {
  const storage = new FakeStorage();
  const store = makeStore(storage, fakePython());
  await store.open();
  await store.change({ op: "record", name: "acme" });
  storage.items.set(RETIRED[0], "x".repeat(5000)); // an earlier build's agenda cache
  storage.items.set("followup-planner.from-a-newer-build", "kept");
  storage.quota = [...storage.items.values()].reduce((n, v) => n + v.length, 0); // no room to grow
  const outcome = await store.change({ op: "record", name: "globex" });
  assert.equal(outcome.saved, true, "the document was refused for an old cache's sake");
  assert.equal(storage.getItem(RETIRED[0]), null);
  assert.deepEqual(stored(storage), ["acme", "globex"]);
  storage.items.set(RETIRED[0], "again");
  tidy(storage);
  assert.equal(storage.getItem(RETIRED[0]), null);
  assert.equal(storage.getItem("followup-planner.from-a-newer-build"), "kept");
  assert.deepEqual(stored(storage), ["acme", "globex"]);
  tidy(null); // no storage: nothing to do
});

test("the fingerprint tells texts apart", () => {
  assert.notEqual(stamp("[1]"), stamp("[2]"));
  assert.notEqual(stamp("ab"), stamp("ba"));
  assert.equal(stamp("same"), stamp("same"));
  assert.equal(stamp(null), "none");
});

// -- views told as what differs from the one shown ----------------------------------------------

/**
 * A bridge that names each view it sends and, when the request's `shown` names the last one,
 * sends only what differs from it (as followup.bridge does). `lose` makes it forget a view,
 * as a new worker would; `wrongBase` makes it answer against another view than the one shown.
 */
function deltaPython() {
  const calls = [];
  const state = { lose: false, wrongBase: false, count: 0, last: null };
  const app = (name, n) => ({ id: name, company: name, role: "", headline: `Next: ${name} (${n})`, status: "active", timeline: [] });
  const step = (name, n) => ({ key: `${name}|thank_you||`, application: name, title: `Thank ${name} (${n})`, group: "today" });
  const viewOf = (counts) => {
    const names = Object.keys(counts);
    return { timezone: "UTC", settings: {}, sample: false, events: names.length,
      groups: [{ id: "today", title: "Today", steps: names.map((n) => `${n}|thank_you||`), apps: [] }],
      applications: names.map((n) => app(n, counts[n])), steps: names.map((n) => step(n, counts[n])) };
  };
  const answer = (request, counts) => {
    const view = viewOf(counts);
    const token = `t${++state.count}`;
    const before = state.last;
    state.last = { token, view };
    if (!before || state.lose || request.shown !== before.token) return { view, token };
    const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
    const oldApps = new Map(before.view.applications.map((a) => [a.id, a]));
    const oldSteps = new Map(before.view.steps.map((s) => [s.key, s]));
    return { token, delta: { base: state.wrongBase ? "t-elsewhere" : request.shown, timezone: view.timezone, settings: view.settings,
      sample: view.sample, events: view.events, groups: view.groups,
      applications: view.applications.map((a) => a.id), steps: view.steps.map((s) => s.key),
      changed: view.applications.filter((a) => !same(oldApps.get(a.id), a)),
      changed_steps: view.steps.filter((s) => !same(oldSteps.get(s.key), s)) } };
  };
  async function call(fn, request) {
    calls.push({ fn, request });
    await tick();
    const counts = request.document === null ? {} : JSON.parse(request.document);
    if (fn === "agenda") return { ok: true, ...answer(request, counts) };
    const next = { ...counts, [request.change.name]: (counts[request.change.name] || 0) + 1 };
    return { ok: true, text: JSON.stringify(next), message: "Done.", undo: null, ...answer(request, next) };
  }
  return { call, calls, state };
}

test("merged: a delta over the view it was told against; what did not change is the same object", () => {
  const a = { id: "a", company: "A" };
  const b = { id: "b", company: "B" };
  const s = { key: "a|thank_you||", title: "Thank A" };
  const base = { timezone: "UTC", settings: {}, sample: false, events: 0, groups: [], applications: [a, b], steps: [s] };
  const b2 = { id: "b", company: "B2" };
  const c = { id: "c", company: "C" };
  const view = merged(/** @type {any} */ (base), /** @type {any} */ ({ base: "t1", timezone: "UTC", settings: {}, sample: false, events: 1,
    groups: [], applications: ["c", "a", "b"], changed: [b2, c], steps: [], changed_steps: [] }));
  assert.deepEqual(view.applications, [c, a, b2]);
  assert.equal(view.applications[1], a);
  assert.deepEqual(view.steps, []);
  assert.equal(view.events, 1);
  // a delta naming what neither it nor the base has does not fit
  assert.equal(merged(/** @type {any} */ (base), /** @type {any} */ ({ ...view, applications: ["x"], changed: [], steps: [], changed_steps: [] })), null);
});

test("a change comes back as what differs from the view shown, and the store makes it whole", async () => {
  const storage = new FakeStorage();
  storage.setItem(KEY, JSON.stringify({ a: 0, b: 0, c: 0 }));
  const python = deltaPython();
  const store = makeStore(storage, python);
  await store.open();
  const before = store.view;
  assert.equal(store.token, "t1");
  const outcome = await store.change({ op: "record", name: "b" });
  assert.ok(outcome.ok);
  const sent = python.calls.at(-1);
  assert.equal(sent.fn, "change");
  assert.equal(sent.request.shown, "t1");
  assert.equal(store.token, "t2");
  assert.deepEqual(store.view.applications.map((a) => a.headline), ["Next: a (0)", "Next: b (1)", "Next: c (0)"]);
  assert.equal(store.view.applications[0], before.applications[0], "an unchanged card is the same object");
  assert.equal(store.view.applications[2], before.applications[2]);
  assert.notEqual(store.view.applications[1], before.applications[1]);
  assert.deepEqual(store.view.steps.map((s) => s.title), ["Thank a (0)", "Thank b (1)", "Thank c (0)"]);
  assert.deepEqual(JSON.parse(storage.getItem(KEY)), { a: 0, b: 1, c: 0 }); // the text is saved as sent
});

test("a view Python no longer knows is sent whole, and a delta that does not fit asks for the whole view", async () => {
  const storage = new FakeStorage();
  storage.setItem(KEY, JSON.stringify({ a: 0, b: 0 }));
  const python = deltaPython();
  const store = makeStore(storage, python);
  await store.open();
  python.state.lose = true;
  assert.ok((await store.change({ op: "record", name: "a" })).ok);
  assert.equal(store.view.applications[0].headline, "Next: a (1)");
  python.state.lose = false;
  python.state.wrongBase = true;
  const calls = python.calls.length;
  assert.ok((await store.change({ op: "record", name: "b" })).ok);
  assert.deepEqual(python.calls.slice(calls).map((c) => c.fn), ["change", "agenda"]);
  assert.equal(python.calls.at(-1).request.shown, undefined, "the whole view is asked for");
  assert.deepEqual(store.view.applications.map((a) => a.headline), ["Next: a (1)", "Next: b (1)"]);
  assert.equal(JSON.parse(storage.getItem(KEY)).b, 1);
});

test("a change names the document Python holds instead of sending it, and sends it when Python has lost it", async () => {
  const storage = new FakeStorage();
  storage.setItem(KEY, JSON.stringify({ a: 0 }));
  const python = deltaPython();
  // Python's side of names: the text it last read or wrote, and that text's name.
  let held = { token: "", text: /** @type {string|null} */ (null) };
  let names = 0;
  const call = async (fn, request) => {
    let document = request.document;
    if ("known" in request) {
      if (request.known !== held.token) return { ok: false, unknown: true, error: "send its text" };
      document = held.text;
    }
    const answer = await python.call(fn, { ...request, document });
    if (answer.ok) {
      held = { token: `d${++names}`, text: fn === "change" ? answer.text : document };
      answer.known = held.token;
    }
    return answer;
  };
  const store = new Store({ ...makeStore(storage, python).deps, call });
  await store.open();
  assert.ok((await store.change({ op: "record", name: "a" })).ok);
  const first = python.calls.at(-1).request;
  assert.equal(first.known, "d1");
  assert.equal(first.document, JSON.stringify({ a: 0 }), "Python used the text it held");
  assert.ok((await store.change({ op: "record", name: "a" })).ok);
  assert.equal(python.calls.at(-1).request.known, "d2");
  held = { token: "d-other", text: "{}" }; // another call made Python read another document
  const before = python.calls.length;
  assert.ok((await store.change({ op: "record", name: "a" })).ok);
  assert.equal(python.calls.length, before + 1, "the refused call never reached the planner");
  assert.equal(python.calls.at(-1).request.known, undefined);
  assert.equal(python.calls.at(-1).request.document, JSON.stringify({ a: 2 }));
  assert.deepEqual(JSON.parse(storage.getItem(KEY)), { a: 3 });
  assert.equal(store.view.applications[0].headline, "Next: a (3)");
});

test("the first-paint cache is kept once the change is shown, or at once when the page closes", async () => {
  const storage = new FakeStorage();
  const python = fakePython();
  const tasks = [];
  const store = new Store({ ...makeStore(storage, python).deps, later: (task) => tasks.push(task) });
  await store.open();
  tasks.splice(0).forEach((task) => task());
  await store.change({ op: "record", name: "a".repeat(3) });
  assert.equal(tasks.length, 1);
  assert.equal(storage.getItem(CACHE_KEY), null, "not while the change is being shown");
  tasks[0]();
  const cache = JSON.parse(storage.getItem(CACHE_KEY));
  assert.equal(cache.stamp, stamp(storage.getItem(KEY)));
  await store.change({ op: "record", name: "b" });
  await store.change({ op: "record", name: "c" });
  assert.equal(tasks.length, 2, "one write waits at a time");
  store.flushCache(); // the page closes before it ran
  assert.equal(JSON.parse(storage.getItem(CACHE_KEY)).stamp, stamp(storage.getItem(KEY)));
  const writes = storage.writes;
  tasks[1]();
  assert.equal(storage.writes, writes, "nothing left to write");
});
