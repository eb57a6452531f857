// The shapes that cross the page's boundaries, described once: the worker's messages, the
// bridge's requests and answers, and the view Python sends (declared in followup.contract;
// tests/test_contract.py holds the two alike). Nothing here runs; the modules
// import these names in JSDoc and `tsc --checkJs` holds them to it.
//
// The page never reads the data file's own format: a document is opaque text that goes to
// Python and comes back; everything shown comes from a View.

/**
 * @typedef {"overdue"|"today"|"week"|"later"|"waiting"|"ended"} GroupId
 * @typedef {"thank_you"|"follow_up"|"reply"|"move_on"} StepKind
 * @typedef {"active"|"waiting"|"ended"} AppStatus
 */

/**
 * A change the user asks for, applied by Python (followup.edit) to the document.
 * `op` names one of edit.CHANGES; the rest depends on it.
 * @typedef {{op: string, [field: string]: any}} Change
 */

/**
 * What a draft request needs beyond the document: pass it to `draft` as it is.
 * @typedef {Object} DraftRequest
 * @property {string} app
 * @property {"thank_you"|"follow_up"|"reply"|"move_on"} kind
 * @property {string|null} contact
 * @property {number|null} attempt
 */

/**
 * One step of the agenda, with every word and date ready to show (in the document's zone).
 * @typedef {Object} Step
 * @property {string} key          stable across re-plans: application, kind, contact, attempt
 * @property {string} application  the application's id
 * @property {string} company
 * @property {string} role
 * @property {StepKind} kind
 * @property {string|null} contact
 * @property {string} title        "Send a thank-you note to Dana Lee"
 * @property {string} when         "by Thu 19 Nov, 3 pm", "Tue 24 – Wed 25 Nov", "after …, by …"
 * @property {string} when_full the same in full, for print: "by Thursday 19 November 2026, 3 pm"
 * @property {GroupId} group
 * @property {string} due_from     when it becomes due (UTC, ISO): the start of the day it opens
 * @property {boolean} overdue
 * @property {boolean} ready       whether it can be done now
 * @property {string|null} not_yet when not ready: the sentence that says why
 * @property {string} why
 * @property {string} rule         "R8"
 * @property {string} guide        relative to the site's root: "how-long-to-wait/#r8"
 * @property {DraftRequest|null} draft  null for moving on: no message to send
 * @property {Change|null} done    the change that records it done (thank-you sent, move on);
 *                                 null when the outcome must be asked (follow-up, reply)
 */

/**
 * @typedef {Object} Group
 * @property {GroupId} id
 * @property {string} title   "Overdue", "Waiting for them", …
 * @property {string[]} steps the keys of its steps (overdue … later)
 * @property {string[]} apps  the ids of its applications (waiting, ended)
 */

/**
 * One mark on an application's timeline.
 * @typedef {Object} TimelineMark
 * @property {string} kind   "interview", "thank_you", "follow_up", "reply", "move_on",
 *                           "decision", "away", "today"
 * @property {string} label  "Follow-up 2", "Dana Lee away until Fri 4 Dec", "Today"
 * @property {"done"|"planned"|"overdue"|"clue"|"today"} state
 * @property {string} date   "Thu 19 Nov" ("" for today)
 * @property {string} date_full "Thursday 19 November 2026" ("" for today), for print
 */

/**
 * A listed fact the user can remove.
 * @typedef {Object} Item
 * @property {string} label    "Dana Lee <dana@acme.example>", "Round 1: ended Tue 17 Nov, 3 pm"
 * @property {string} name     what it is, for the Remove button's accessible name
 * @property {Change|null} remove  null when it cannot be removed (an application's only round)
 */

/**
 * A history entry's editor: the change that corrects it ({op: "update_event", app, index,
 * at}; the page adds `fields`, only what the user changed) and the values it starts from.
 * @typedef {Object} EventEdit
 * @property {Change} change
 * @property {"thank_you"|"follow_up"|"reply"} type
 * @property {string} at_local  "2026-11-16T09:15", on the document's clock
 * @property {string} contact   "" for nobody named
 * @property {string} channel   "email", "phone", "letter" ("" for a reply by email)
 * @property {string} outcome   a follow-up's: "sent", "voicemail", "no_answer", "spoke" ("" for others)
 * @property {string} tone      a reply's, or a call where you spoke: "warm", "brief", "rejection", "offer" ("" when none)
 * @property {string} note
 */

/**
 * An entry of an application's history: removed, or corrected through its editor.
 * @typedef {Item & {edit: EventEdit}} HistoryItem
 */

/**
 * One interviewer of a round: what the round's notes form shows for them.
 * @typedef {Object} RoundPerson
 * @property {string} id
 * @property {string} name
 * @property {string} email
 * @property {string} discussed   what you talked about with them ("" when not noted)
 */

/**
 * @typedef {Object} RoundNotes
 * @property {string} id
 * @property {string} label       "Round 2, ended Tue 24 Nov, 3 pm" or "The interview, ended …"
 * @property {RoundPerson[]} people
 * @property {string} memorable
 * @property {string} topics      comma-separated
 * @property {string} strengths
 * @property {string} needs
 * @property {string} anecdote
 * @property {string} notes
 */

/**
 * The values the "Edit facts" form starts from.
 * @typedef {Object} AppFacts
 * @property {string} company
 * @property {string} role
 * @property {string} decision_expected  "2026-11-25" or ""
 * @property {string} applied_on         the day the application was sent, or ""
 * @property {string} anecdote
 * @property {string} article_title
 * @property {string} article_url
 * @property {string} article_why
 * @property {string} posting_url  the job posting's address, or ""
 * @property {string} resume       the résumé version sent, or ""
 */

/**
 * @typedef {Object} AppView
 * @property {string} id
 * @property {string} company
 * @property {string} role
 * @property {AppStatus} status
 * @property {boolean} sample
 * @property {boolean} closed
 * @property {string} headline      the card's line: "Next: … · by Thu 19 Nov, 3 pm", or why nothing
 * @property {string} ended_note    for its row under "Closed" ("" unless ended)
 * @property {DraftRequest|null} closing  the close-the-loop draft, when ended
 * @property {TimelineMark[]} timeline    in order, today included
 * @property {Item[]} people
 * @property {Item[]} rounds
 * @property {Item[]} absences
 * @property {HistoryItem[]} history  newest first
 * @property {string} decision      "Wed 25 Nov", or "" when not known
 * @property {string} memorable     of the latest round ("" when not noted)
 * @property {string} notes         the application's own notes ("" when none)
 * @property {RoundNotes|null} latest_round
 * @property {RoundNotes[]} round_notes   every round, earliest first
 * @property {AppFacts} facts
 * @property {Array<[string, string]>} contacts  [id, name] for choosing a person
 * @property {string} search        what a search looks in, folded (followup/search.py)
 */

/**
 * @typedef {Object} SettingsView
 * @property {string} name
 * @property {string} email
 * @property {string} phone
 * @property {string} availability
 * @property {string} timezone
 * @property {string} country
 * @property {string} country_guess  the country of the planner's time zone, "" if none
 * @property {string} max_follow_ups  "" for the method's own number
 * @property {string} spacing_days    "" for the method's own spacing
 * @property {string} clock           "12h", "24h", or "" (as the device shows times)
 */

/**
 * Everything the page shows, computed by Python as of `now`.
 * @typedef {Object} View
 * @property {string} timezone     the document's time zone
 * @property {Step[]} steps        the agenda's steps, in order
 * @property {Group[]} groups      the agenda's sections, in order, empty ones left out
 * @property {AppView[]} applications
 * @property {SettingsView} settings
 * @property {boolean} sample      whether any application is sample data
 * @property {number} events       how many steps are recorded in all
 */

/**
 * A view told as what differs from one sent before (`base`, the token of the view the page
 * shows): every application's id and every step's key, in order, with the cards and steps that
 * are new or differ; the rest as in View. The store makes it whole (delta.js, `merged`).
 * @typedef {Object} ViewDelta
 * @property {string} base
 * @property {string} timezone
 * @property {string[]} applications  every application's id, in order
 * @property {AppView[]} changed      the applications that are new or differ from base's
 * @property {string[]} steps         every step's key, in order
 * @property {Step[]} changed_steps   the steps that are new or differ from base's
 * @property {Group[]} groups
 * @property {SettingsView} settings
 * @property {boolean} sample
 * @property {number} events
 */

/**
 * What the first paint of a return visit shows, kept in localStorage beside the document:
 * the agenda's rows, each card's heading and line, and the length of its timeline.
 * @typedef {Object} Paint
 * @property {boolean} sample
 * @property {Array<{id: GroupId, title: string, rows: Array<[string, string, string, string, boolean]>, apps: string[]}>} groups
 *           each row: kind, title, "company, role", when, overdue
 * @property {Array<[string, string, string, string, AppStatus, number]>} apps
 *           each application: id, company, role, headline, status, how many timeline marks
 */

/**
 * @typedef {Object} PaintCache
 * @property {string} build   the build that wrote it; another build's cache is ignored
 * @property {string} stamp   a fingerprint of the stored document it was painted from
 * @property {Paint} paint
 * @property {string} [html]  #fp-app's markup for that paint (site_app/first-paint.js shows it)
 */

// -- the bridge: followup.bridge.call(name, request) ------------------------------------------

/**
 * A failed call: a sentence for the user. `missing` names a module Python could not import
 * (the worker loads its package group and calls again); `fault` marks a failure of the
 * machinery rather than of the user's input. `newer` names the features of the format a newer
 * planner wrote that this one does not know (followup.features): nothing is planned from that
 * document; `holds` then says what it holds, an application a line.
 * @typedef {{ok: false, error: string, missing?: string, fault?: boolean, trace?: string, warning?: RuleWarning, unknown?: boolean, newer?: string[], holds?: string[]}} Failure
 */

/**
 * What a change to record goes against (R7, R10, R12, R14): it happened, so it may still be
 * recorded, with `despite: true`. `guide` is the rule's section, relative to the site root.
 * @typedef {{rule: string, title: string, guide: string}} RuleWarning
 */

// The requests and answers of each call, and the map of them (Calls): calltypes.js.

// -- the worker's messages -----------------------------------------------------------------

/**
 * Page to worker: call one bridge function with a JSON request.
 * @typedef {{id: number, fn: string, request: string}} CallMessage
 */

/**
 * Worker to page.
 * @typedef {{type: "stage", stage: "runtime"|"packages"|"import"|"restoring"|"ready", detail: string, progress: number, ms?: number,
 *            start?: "boot"|"snapshot"|"fallback", why?: string, wanted?: boolean, build?: string}} StageMessage
 *   `start` (with "ready"): how Python started: a normal boot, a memory snapshot, or a normal
 *   boot after a snapshot that could not be used; `wanted`: a snapshot for the next visit is
 *   to be made (by a second worker, when the page is idle); `build` (with "ready"): the
 *   build the worker belongs to (the page uses no worker of another one)
 * @typedef {{type: "failed", error: string}} FailedMessage
 * @typedef {{type: "answer", id: number, answer: Object}} AnswerMessage
 * @typedef {{type: "snapshot", kept: boolean, bytes?: number, error?: string, ms?: {warm_up: number, snapshot: number}}} SnapshotMessage
 *   the snapshot made after the first boot was kept for the next visit (or could not be);
 *   `ms`: the snapshot maker's warm-up on the sample, and the snapshot itself
 * @typedef {StageMessage|FailedMessage|AnswerMessage} WorkerMessage  the planner's worker
 * @typedef {StageMessage|FailedMessage|SnapshotMessage} MakerMessage  the snapshot maker
 */

export {};
