// Compiles wheels to the bytecode of the Python that runs them in the browser, with that very
// Python (Pyodide's, under Node): no host Python here is 3.14, and a .pyc of another version
// is refused. Used by site_app/build/wheels.py at site-build time, after the lock is made
// (pyodide-build's `pyodide lockfile add-wheels` takes pure-Python wheels only); the hook then
// names the compiled wheels, and their sha256, in the lock.
//
//   node site_app/bytecode.mjs OUT_DIR WHEEL...
//   node site_app/bytecode.mjs --stdlib OUT_DIR STDLIB_ZIP HOLIDAYS_JSON WHEEL_DIR
//
// Each WHEEL becomes OUT_DIR/<name>-<version>-cp<XY>-none-any.whl: every .py replaced by its
// .pyc beside it (unchecked-hash, so the same source gives the same bytes), RECORD naming the
// new files, everything else as it was, dated 1980-01-01. Prints one JSON line per wheel:
// {"source": WHEEL, "wheel": compiled path}.
//
// With --stdlib, Pyodide's own python_stdlib.zip (which holds only sources: every first visit
// would compile each module it imports) becomes two zips in OUT_DIR. It first runs a start of
// the planner as the page's worker does: Pyodide's loader loads the planner from WHEEL_DIR's
// wheels and lock, the zones and the site's holiday table are in place, and the snapshot's own
// warm-up runs (snapshot.mjs), then every module the package names in an import
// (WHEEL_DIR/imports.json: inside functions the warm-up did not call too). Then:
// - python_stdlib.zip: the modules that start imported from the standard library (about 160),
//   compiled (their .pyc in place of their .py, which zipimport loads without the source);
// - python_stdlib-rest.zip: every module it never imported, as it was, which the worker
//   fetches only if Python asks for one of them (site_app/stdlib_rest.py).
// Prints {"used": path, "rest": path, "compiled": count}.
import { loadPyodide } from "pyodide";
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";

const stdlib = process.argv[2] === "--stdlib";
const [out, ...wheels] = process.argv.slice(stdlib ? 3 : 2);
if (!out || (stdlib ? wheels.length !== 3 : !wheels.length)) {
  console.error("usage: node site_app/bytecode.mjs OUT_DIR WHEEL...\n" +
                "       node site_app/bytecode.mjs --stdlib OUT_DIR STDLIB_ZIP HOLIDAYS_JSON WHEEL_DIR");
  process.exit(2);
}
if (!stdlib) mkdirSync(out, { recursive: true });
const pyodide = await loadPyodide();
pyodide.runPython(`
import io, py_compile, sys, zipfile

TAG = f"cp{sys.version_info.major}{sys.version_info.minor}"
DATE = (1980, 1, 1, 0, 0, 0)


def _entry(name):
    info = zipfile.ZipInfo(name, DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _pyc(name, body):
    with open("/tmp/source.py", "wb") as f:
        f.write(body)
    py_compile.compile("/tmp/source.py", cfile="/tmp/compiled.pyc", dfile=name, doraise=True,
                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    with open("/tmp/compiled.pyc", "rb") as f:
        return f.read()


def _top(name):
    first = name.split("/", 1)[0]
    return first[:-3] if first.endswith(".py") else first


def split_stdlib(data, wanted):
    """The zip's entries in two zips: (the modules of 'wanted', compiled, with the other files
    of their top-level packages; every other module, as it was)."""
    source = zipfile.ZipFile(io.BytesIO(bytes(data)))
    wanted = set(wanted)
    tops = {_top(name) for name in wanted}
    used, rest = io.BytesIO(), io.BytesIO()
    with zipfile.ZipFile(used, "w") as u, zipfile.ZipFile(rest, "w") as r:
        for info in source.infolist():
            name, body = info.filename, source.read(info)
            if info.is_dir():
                continue
            if name in wanted:
                wanted.discard(name)
                u.writestr(_entry(name + "c"), _pyc(name, body))
            elif name.endswith(".py") or _top(name) not in tops:
                r.writestr(_entry(name), body)
            else:  # a data file of a package a start imports
                u.writestr(_entry(name), body)
    if wanted:
        raise ValueError(f"not in the standard library's zip: {sorted(wanted)}")
    return used.getvalue(), rest.getvalue()


def compiled(data):
    source = zipfile.ZipFile(io.BytesIO(bytes(data)))
    out = io.BytesIO()
    renamed = {}
    with zipfile.ZipFile(out, "w") as wheel:
        for info in source.infolist():
            name, body = info.filename, source.read(info)
            if name.endswith(".py") and ".dist-info/" not in name:
                body = _pyc(name, body)
                renamed[name] = name + "c"
                name += "c"
            elif name.endswith(".dist-info/RECORD"):
                lines = []
                for line in body.decode().splitlines():
                    path = line.split(",", 1)[0]
                    lines.append(f"{renamed[path]},," if path in renamed else line)
                body = ("\\n".join(lines) + "\\n").encode()
            elif name.endswith(".dist-info/WHEEL"):
                body = "".join(f"Tag: {TAG}-none-any\\n" if line.startswith("Tag:") else line
                               for line in body.decode().splitlines(keepends=True)).encode()
            if not info.is_dir():
                wheel.writestr(_entry(name), body)
    return out.getvalue()
`);
if (stdlib) {
  const [zip, table, wheelDir] = wheels;
  // A start as the page's worker makes it: Pyodide's loader, the site's lock and wheels.
  const planner = await loadPyodide({ lockFileContents: readFileSync(join(wheelDir, "pyodide-lock.json"), "utf8"),
                                      packageBaseUrl: wheelDir + "/", packages: ["followup-planner"] });
  const tzdata = readdirSync(wheelDir).find((name) => name.startsWith("tzdata-"));
  planner.FS.writeFile("/tmp/tzdata.whl", readFileSync(join(wheelDir, tzdata)));
  planner.FS.writeFile("/tmp/holidays.json", readFileSync(table));
  planner.runPython(`
import os, zipfile
with zipfile.ZipFile("/tmp/tzdata.whl") as wheel:  # the zones, where the worker writes them
    for name in wheel.namelist():
        if name.startswith("tzdata/zoneinfo/") and not name.endswith((".py", "/")):
            path = "/usr/share/zoneinfo/" + name.removeprefix("tzdata/zoneinfo/")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(wheel.read(name))
os.environ["FOLLOWUP_HOLIDAYS_TABLE"] = "/tmp/holidays.json"
`);
  const { warmUp } = await import("./snapshot.mjs");
  const bridge = planner.pyimport("followup.bridge");
  const canary = warmUp(planner, (fn, request) => JSON.parse(bridge.call(fn, request)));
  if (!canary.startsWith("[true,")) throw new Error(`the warm-up failed: ${canary.slice(0, 300)}`);
  // What the package imports inside functions the warm-up did not call (wheels.py lists them).
  planner.globals.set("named", JSON.parse(readFileSync(join(wheelDir, "imports.json"), "utf8")));
  planner.runPython(`
import importlib
for name in named.to_py():
    try:
        importlib.import_module(name)
    except Exception:  # not a module (a name from one), or one the browser has not loaded
        pass
`);
  const wanted = planner.runPython(`
import sys
prefix = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip/"
files = (getattr(module, "__file__", None) or "" for module in list(sys.modules.values()))
[f.removeprefix(prefix) for f in files if f.startswith(prefix) and f.endswith(".py")]
`).toJs();
  const [used, rest] = pyodide.globals.get("split_stdlib")(new Uint8Array(readFileSync(zip)), wanted).toJs();
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "python_stdlib.zip"), used);
  writeFileSync(join(out, "python_stdlib-rest.zip"), rest);
  console.log(JSON.stringify({ used: join(out, "python_stdlib.zip"), rest: join(out, "python_stdlib-rest.zip"), compiled: wanted.length }));
  process.exit(0);
}
const compiled = pyodide.globals.get("compiled");
const tag = pyodide.globals.get("TAG");
for (const source of wheels) {
  const [name, version] = basename(source).split("-");
  const data = compiled(new Uint8Array(readFileSync(source))).toJs();
  const target = join(out, `${name}-${version}-${tag}-none-any.whl`);
  writeFileSync(target, data);
  console.log(JSON.stringify({ source, wheel: target }));
}
