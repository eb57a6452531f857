// This build's version. The site's build hook writes the real one (a fingerprint of the page's
// code and Python wheels) into the copy it publishes; a first-paint cache written by another
// build is never painted.
export const BUILD = "source";
