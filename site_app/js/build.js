// This build's version. The site's build (site_app/build/planner.py) writes the real one (a
// fingerprint of the page's code, its worker and the Python wheels) into the copy it
// publishes, here and in worker.mjs: a first-paint cache written by another build is never
// painted, and a worker of another build is never used.
export const BUILD = "source";
