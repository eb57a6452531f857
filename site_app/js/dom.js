// Small DOM helpers shared by the page's modules. User text is only ever inserted as text.

/**
 * @typedef {string|number|Node|null|undefined|false|Child[]} Child
 */

/**
 * An element with attributes, listeners (`on…`) and children.
 * @param {string} tag
 * @param {Record<string, any>|null} [attrs]
 * @param {...Child} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of /** @type {any[]} */ (children).flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/**
 * An application as the page names it: the company, and the role when there is one, so two
 * roles at one company never read alike ("Acme Corp, Data Analyst").
 * @param {{company: string, role?: string}} app
 * @returns {string}
 */
export function named(app) {
  return app.role ? `${app.company}, ${app.role}` : app.company;
}

/**
 * Whether a step is due now: in the agenda's "Today" or "Overdue" (Python groups it; the
 * badge, the "Needs me now" filter and the sweep count by this).
 * @param {{group: string}} step
 */
export function dueNow(step) {
  return step.group === "today" || step.group === "overdue";
}

/** @returns {HTMLElement} the planner's root element */
export function appRoot() {
  return /** @type {HTMLElement} */ (document.getElementById("fp-app"));
}

/**
 * @param {string} selector
 * @returns {HTMLElement}
 */
export function $(selector) {
  return /** @type {HTMLElement} */ (appRoot().querySelector(selector));
}

/**
 * Says something in the live region, with an Undo button when there is a way back.
 * @param {string} message
 * @param {(() => void)|null} [undo]
 */
export function announce(message, undo = null) {
  const live = $("#fp-live");
  live.textContent = "";
  setTimeout(() => {
    live.append(message);
    if (undo) live.append(" ", h("button", { type: "button", class: "fp-link-button", onclick: undo }, "Undo"));
  }, 30);
}

/**
 * Shows (or, with null, hides) the page's alert: a problem that needs the user.
 * @param {Child|null} parts
 * @param {HTMLElement[]} [actions]
 */
export function showAlert(parts, actions = []) {
  const box = $("#fp-alert");
  box.replaceChildren();
  if (parts === null) { box.hidden = true; return; }
  box.hidden = false;
  box.append(h("p", {}, parts), actions.length ? h("p", { class: "fp-actions" }, actions) : "");
}

/**
 * A button.
 * @param {string} label
 * @param {(event: Event) => void} onclick
 * @param {{primary?: boolean, small?: boolean, danger?: boolean, disabled?: boolean, plain?: boolean, id?: string, label?: string}} [options]
 */
export function button(label, onclick, options = {}) {
  const classes = options.plain ? ["fp-link-button"] : ["md-button"];
  if (options.primary) classes.push("md-button--primary");
  if (options.small) classes.push("fp-small");
  if (options.danger) classes.push("fp-danger");
  return h("button", { type: "button", class: classes.join(" ") || null, disabled: options.disabled,
    id: options.id, "aria-label": options.label, onclick }, label);
}

// A change redraws the agenda, and the button that made it is gone with the old one: rather
// than leave keyboard focus at the top of the page, put it on the agenda's heading, from
// which Tab reaches the first step.
export function keepFocus() {
  const active = document.activeElement;
  if (active && active !== document.body && active.isConnected) return;
  const heading = $("#fp-agenda-title") || $("#fp-empty-title");
  if (heading) heading.focus({ preventScroll: true });
}

/**
 * Saves text as a file the browser downloads.
 * @param {string} text
 * @param {string} name
 * @param {string} type
 */
export function download(text, name, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
