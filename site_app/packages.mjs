// Our packages, loaded by Pyodide's loader from this build's wheels, and why one did not load,
// in a sentence for the user (site_app/worker.mjs imports this module).
import { sha256 } from "./snapshot.mjs";

/** An error whose message is already a sentence for the user. */
export class Plain extends Error {}
/** This build's folder is gone from the site (a new version was published): no fault. */
export class Published extends Plain {}

const PUBLISHED = "A new version of the planner was published while this page was open. Reload the page to go on; your data is safe.";

export class Packages {
  /**
   * @param {Promise<string>} lockText  the build's pyodide-lock.json, as the worker read it
   * @param {URL} folder  the build's folder, which holds wheels/
   */
  constructor(lockText, folder) {
    this.lockText = lockText;
    this.folder = folder;
  }

  /** @param {string} file  a wheel's name in the lock */
  wheel(file) {
    return new URL(`wheels/${file}`, this.folder);
  }

  /**
   * Loads packages with Pyodide's loader. It reports a failed download or a wheel whose
   * sha256 does not match the lock through errorCallback (not by rejecting): that becomes a
   * sentence for the user, which says what really happened (see diagnose).
   * @param {(options: object) => Promise<unknown>} load
   */
  async load(load) {
    /** @type {string[]} */
    const problems = [];
    await load({ messageCallback: () => {}, errorCallback: (/** @type {string} */ message) => problems.push(message) });
    if (problems.length) {
      const said = await this.diagnose(problems.join("\n"));
      throw said === PUBLISHED ? new Published(said) : new Plain(said);
    }
  }

  /**
   * Asks the site again, past the HTTP cache (which keeps the answer), for the wheels of the
   * packages `names` (and their dependencies) not in `loaded`: a damaged wheel kept from a
   * deploy fixed since would fail every start until it expires. The load that follows says
   * why, should they fail again.
   * @param {string[]} names  (dependencies are added to it)
   * @param {Record<string, unknown>} loaded  Pyodide's loadedPackages
   */
  async askAgain(names, loaded) {
    const { packages } = JSON.parse(await this.lockText);
    const files = new Set();
    for (const name of names) {
      const p = packages[name];
      if (!p || name in loaded || files.has(p.file_name)) continue;
      files.add(p.file_name);
      names.push(...(p.depends || []));
    }
    await Promise.all([...files].map((file) => fetch(this.wheel(file), { cache: "reload" })
      .then((response) => response.arrayBuffer()).catch(() => {})));
  }

  /**
   * Why a package did not load, in a sentence: Pyodide says "Failed to fetch" alike for a lost
   * connection and for a wheel whose checksum is wrong, so the wheels it names are asked for
   * again and checked against the lock here.
   * @param {string} said  what Pyodide's loader reported
   */
  async diagnose(said) {
    const lock = JSON.parse(await this.lockText);
    // Pyodide names a package ("while loading followup-planner"), or its file.
    /** @type {Array<{name: string, file_name: string, sha256: string}>} */
    const named = Object.values(lock.packages)
      .filter((p) => said.includes(p.file_name) || said.includes(`loading ${p.name}`));
    try {
      // This build's lock gone from the site: a new version was published while this page
      // was open (each build has its own folder).
      const ours = await fetch(new URL("wheels/pyodide-lock.json", this.folder), { cache: "no-store" });
      if (ours.status === 404) return PUBLISHED;
      for (const wheel of named) {
        const response = await fetch(this.wheel(wheel.file_name), { cache: "no-store" });
        if (!response.ok) return `A file of the planner is missing from the site (${wheel.file_name}, ${response.status}).`;
        if ((await sha256(new Uint8Array(await response.arrayBuffer()))) !== wheel.sha256) {
          return `A file of the planner is damaged on the site (${wheel.file_name}).`;
        }
      }
    } catch {
      // the network itself failed
    }
    if (/integrity|sha ?256|digest/i.test(said)) return "A file of the planner arrived damaged.";
    return "A part of the planner could not be downloaded. Check the connection, then try again.";
  }
}
