// The shapes of the bridge's calls, described once for the type checker: each call's request
// and answer, and the map of them (Calls) that types `python.call`. Python declares the same
// in followup.contract (CALLS); tests/test_contract.py holds the two alike. Nothing here runs:
// like types.js, this file is never loaded.

/**
 * @typedef {import("./types.js").View} View
 * @typedef {import("./types.js").ViewDelta} ViewDelta
 * @typedef {import("./types.js").Change} Change
 * @typedef {import("./types.js").StepKind} StepKind
 */

/**
 * What any call's request may carry: the document's text (null: a new, empty one in
 * `timezone`), or `known`, the name of the one Python holds; and the device's clock
 * ("12" or "24"), used when the document sets none (python.js adds it).
 * @typedef {Object} DocumentRequest
 * @property {string|null} [document]
 * @property {string} [known]
 * @property {string} [timezone]
 * @property {string} [clock]
 */
/**
 * @typedef {Object} AgendaRequest
 * @property {string|null} [document]
 * @property {string} [known]
 * @property {string} [timezone]
 * @property {string} [clock]
 * @property {string} now
 * @property {string} [shown]  the token of the view the page shows: the answer is what differs
 */
/**
 * @typedef {Object} ChangeRequest
 * @property {string|null} [document]
 * @property {string} [known]
 * @property {string} [timezone]
 * @property {string} [clock]
 * @property {string} now
 * @property {string} [shown]
 * @property {Change} change
 */
/**
 * @typedef {Object} DraftCall
 * @property {string|null} [document]
 * @property {string} [known]
 * @property {string} [timezone]
 * @property {string} [clock]
 * @property {string} now
 * @property {string} app
 * @property {StepKind} kind
 * @property {string|null} [contact]
 * @property {number|null} [attempt]
 * @property {string} [key]  the step's key: the user's own kept words for it, if any
 */
/**
 * @typedef {Object} CalendarRequest
 * @property {string|null} [document]
 * @property {string} [known]
 * @property {string} [timezone]
 * @property {string} [clock]
 * @property {string} now
 * @property {string|null} [app]   one application's steps only (null: every one)
 * @property {string} [site_url]
 */
/**
 * @typedef {Object} SpreadsheetPreviewRequest
 * @property {string|null} [document]
 * @property {string} [known]
 * @property {string} [timezone]
 * @property {string} [clock]
 * @property {string} now
 * @property {string} data   the file's bytes, in base64
 * @property {string|null} [date_format]  "dmy" or "mdy" (null: as the file reads best)
 * @property {string|null} [prefer]       the order to try first, the device's
 */
/**
 * @typedef {Object} SpreadsheetExportRequest
 * @property {string|null} [document]
 * @property {string} [known]
 * @property {string} [timezone]
 * @property {string} [clock]
 * @property {string} now
 */

/**
 * A view comes whole (`view`), or as what differs from the one the request's `shown` named
 * (`delta`); `token` names it for the next request's `shown`, `known` the document Python
 * now holds.
 * @typedef {Object} AgendaAnswer
 * @property {true} ok
 * @property {string} token
 * @property {View} [view]
 * @property {ViewDelta} [delta]
 * @property {string} [known]
 */
/**
 * @typedef {Object} ChangeAnswer
 * @property {true} ok
 * @property {string} token
 * @property {View} [view]
 * @property {ViewDelta} [delta]
 * @property {string} [known]
 * @property {string} text
 * @property {string} message
 * @property {Change|null} undo
 */
/**
 * @typedef {Object} ValidateAnswer
 * @property {true} ok
 * @property {string} text
 * @property {number} applications
 */
/**
 * @typedef {Object} DescribeAnswer
 * @property {true} ok
 * @property {string} text
 * @property {string[]} applications
 * @property {number} events
 * @property {string} timezone
 */
/**
 * @typedef {Object} DraftWords
 * @property {string} subject
 * @property {string} body
 */
/**
 * A draft: the user's own kept words for the step when there are some (`kept`), with the
 * planner's own beside them (`original`) to start again from. `to_gap`: when the person
 * has no address, the gap that names it ("[Dana Lee's email address]"), also first in `gaps`.
 * @typedef {Object} DraftAnswer
 * @property {true} ok
 * @property {StepKind} kind
 * @property {string} to
 * @property {string} to_gap
 * @property {string} subject
 * @property {string} body
 * @property {string[]} gaps
 * @property {boolean} kept
 * @property {DraftWords} original
 */
/**
 * @typedef {Object} CalendarAnswer
 * @property {true} ok
 * @property {string} ics
 * @property {number} events     steps planned
 * @property {number} cancelled  steps exported before that are gone now
 */
/**
 * What importing a spreadsheet (CSV) would do (followup.spreadsheet.Preview): nothing
 * changes until the change {op: "import_spreadsheet", text, date_format} is made.
 * @typedef {Object} SpreadsheetPreview
 * @property {string} delimiter
 * @property {string} delimiter_name  "comma", "semicolon", "tab", "vertical bar"
 * @property {number} rows            below the column names
 * @property {Array<{name: string, use: string}>} columns  use: a field, "notes" or "computed"
 * @property {string} date_format     "dmy", "mdy", or "" when no date is written in numbers only
 * @property {string[]} date_formats  the orders that read every date of the file
 * @property {string} date_example    "03/04/2026 is read as Fri 3 Apr 2026"
 * @property {Array<{row: number, company: string, role: string, detail: string}>} added
 * @property {Array<{row: number, reason: string}>} not_understood
 * @property {Array<{row: number, company: string, role: string, of: string}>} duplicates
 */
/**
 * @typedef {Object} SpreadsheetPreviewAnswer
 * @property {true} ok
 * @property {SpreadsheetPreview} preview
 * @property {string} text  the file's text, for the change {op: "import_spreadsheet", …}
 */
/**
 * @typedef {Object} SpreadsheetExportAnswer
 * @property {true} ok
 * @property {string} csv
 * @property {number} rows
 */

/**
 * Every call the page may make (followup.contract.CALLS): its request and its answer.
 * `python.call(name, request)` answers `Calls[name][1]` or a Failure.
 * @typedef {Object} Calls
 * @property {[AgendaRequest, AgendaAnswer]} agenda
 * @property {[ChangeRequest, ChangeAnswer]} change
 * @property {[DocumentRequest, ValidateAnswer]} validate
 * @property {[DocumentRequest, DescribeAnswer]} describe
 * @property {[DraftCall, DraftAnswer]} draft
 * @property {[CalendarRequest, CalendarAnswer]} calendar
 * @property {[SpreadsheetPreviewRequest, SpreadsheetPreviewAnswer]} spreadsheet_preview
 * @property {[SpreadsheetExportRequest, SpreadsheetExportAnswer]} spreadsheet_export
 */

export {};
