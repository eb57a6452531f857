// The calendar file, read by a second, independent parser: ical.js, the one Thunderbird's
// calendar uses. The files are made at test time by the real command line
// (`followup ics ... --now FIXED`) from documents written here, and each event's start is
// checked against what the planner meant (`followup plan --json`, same document and clock).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ICAL from "ical.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FOLLOWUP = join(ROOT, ".venv", "bin", "followup");

function document(zone, application) {
  return {
    format: "followup-planner", version: 1, settings: { timezone: zone },
    applications: [{
      id: "acme", company: "Acme Corp", role: "Data Analyst",
      contacts: [{ id: "dana", name: "Dana Lee", email: "dana@acme.example" }],
      interviews: [{ id: "r1", ends_at: "2026-10-20T15:00:00+00:00", with: ["dana"] }],
      events: [], closed: false, ...application,
    }],
  };
}

/** Runs the command line on `doc` in a folder of its own; returns the calendar and the plan. */
function run(doc, now) {
  const folder = mkdtempSync(join(tmpdir(), "followup-ics-"));
  try {
    const file = join(folder, "plan.json");
    const out = join(folder, "plan.ics");
    writeFileSync(file, JSON.stringify(doc));
    execFileSync(FOLLOWUP, ["ics", file, "-o", out, "--now", now], { stdio: "pipe" });
    const plan = JSON.parse(execFileSync(FOLLOWUP, ["plan", file, "--json", "--now", now]));
    return { text: readFileSync(out, "utf8"), actions: plan.actions };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const uidOf = (a) => `${a.application}-${a.kind}-${a.contact ?? "all"}-${a.attempt ?? 0}@followup-planner`;
const seconds = (iso) => Date.parse(iso) / 1000;

/** Every VEVENT, read by ical.js, with its start resolved through the file's own VTIMEZONE. */
function read(text, zone) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  assert.equal(calendar.name, "vcalendar");
  const tzids = calendar.getAllSubcomponents("vtimezone").map((z) => z.getFirstPropertyValue("tzid"));
  assert.deepEqual(tzids, [zone]);
  const fileZone = calendar.getTimeZoneByID(zone);
  assert.ok(fileZone && fileZone.component, "the TZID resolves to the file's VTIMEZONE");
  const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    assert.ok(event.uid, "every event has a UID");
    for (const name of ["dtstart", "dtend"]) {
      const time = vevent.getFirstPropertyValue(name);
      assert.equal(vevent.getFirstProperty(name).getParameter("tzid"), zone);
      assert.equal(time.isDate, false, `${name} is a time of day, not a whole day`);
      assert.equal(time.zone, fileZone, `${name} is read in the file's VTIMEZONE`);
    }
    const sequence = vevent.getFirstPropertyValue("sequence");
    assert.equal(typeof sequence, "number");
    return {
      uid: event.uid,
      start: event.startDate.toUnixTime(),
      end: event.endDate.toUnixTime(),
      status: vevent.getFirstPropertyValue("status"),
      sequence,
      alarms: vevent.getAllSubcomponents("valarm").length,
      stamp: vevent.getFirstPropertyValue("dtstamp"),
    };
  });
  return new Map(events.map((e) => [e.uid, e]));
}

// An interview on 20 Oct 2026: the steps fall on both sides of the autumn change of clocks
// in New York (1 Nov) and Berlin (25 Oct); Kolkata (+05:30) has none.
for (const zone of ["America/New_York", "Europe/Berlin", "Asia/Kolkata"]) {
  test(`${zone}: every step at the instant the planner meant, the sent note cancelled`, () => {
    const before = run(document(zone), "2026-10-20T16:00:00+00:00");
    const sent = document(zone, { events: [{ at: "2026-10-21T09:00:00+00:00", type: "thank_you", contact: "dana" }] });
    const now = "2026-10-21T10:00:00+00:00";
    const after = run(sent, now);
    const first = read(before.text, zone);
    const events = read(after.text, zone);

    assert.equal(first.size, before.actions.length);
    for (const action of before.actions) {
      assert.equal(first.get(uidOf(action)).start, seconds(action.suggested), uidOf(action));
    }
    assert.ok(after.actions.length >= 4);
    for (const action of after.actions) {
      const event = events.get(uidOf(action));
      assert.ok(event, `an event for ${uidOf(action)}`);
      assert.equal(event.start, seconds(action.suggested), uidOf(action));
      assert.equal(event.end - event.start, 30 * 60);
      assert.equal(event.status, "CONFIRMED");
      assert.equal(event.alarms, 1);
    }
    const offsets = new Set([...before.actions, ...after.actions].map((a) => a.suggested.slice(-6)));
    assert.equal(offsets.size, zone === "Asia/Kolkata" ? 1 : 2);

    const thankYou = before.actions.find((a) => a.kind === "thank_you");
    const gone = events.get(uidOf(thankYou));
    assert.equal(gone.status, "CANCELLED");
    assert.equal(gone.start, seconds(thankYou.suggested), "cancelled where it was");
    assert.equal(gone.alarms, 0);
    assert.ok(gone.sequence > first.get(uidOf(thankYou)).sequence);
    assert.equal(events.size, after.actions.length + 1);

    for (const event of events.values()) {
      assert.equal(event.sequence, gone.sequence, "one SEQUENCE per export");
      assert.equal(event.stamp.zone, ICAL.Timezone.utcTimezone);
      assert.equal(event.stamp.toUnixTime(), seconds(now));
    }
  });
}

test("a closed application: every step it had comes back cancelled, with the same UID", () => {
  const now = "2026-10-22T12:00:00+00:00";
  const open = run(document("Europe/Berlin"), now);
  const closed = run(document("Europe/Berlin", { closed: true }), now);
  assert.deepEqual(closed.actions, []);
  const events = read(closed.text, "Europe/Berlin");
  assert.equal(events.size, open.actions.length);
  for (const action of open.actions) {
    const event = events.get(uidOf(action));
    assert.equal(event.status, "CANCELLED");
    assert.equal(event.start, seconds(action.suggested));
  }
});

test("an export a minute later, after a step moved, has a higher SEQUENCE", () => {
  const zone = "America/New_York";
  const first = read(run(document(zone), "2026-10-20T16:00:10+00:00").text, zone);
  const moved = run(document(zone, { decision_expected: "2026-10-22" }), "2026-10-20T16:01:10+00:00");
  const later = read(moved.text, zone);
  const followUp = moved.actions.find((a) => a.kind === "follow_up" && a.attempt === 1);
  const [was, now] = [first.get(uidOf(followUp)), later.get(uidOf(followUp))];
  assert.notEqual(was.start, now.start);
  assert.equal(now.start, seconds(followUp.suggested));
  assert.ok(now.sequence > was.sequence);
});
