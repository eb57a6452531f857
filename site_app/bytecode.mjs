// Compiles wheels to the bytecode of the Python that runs them in the browser, with that very
// Python (Pyodide's, under Node): no host Python here is 3.14, and a .pyc of another version
// is refused. Used by site_app/build/wheels.py at site-build time, after the lock is made
// (pyodide-build's `pyodide lockfile add-wheels` takes pure-Python wheels only); the hook then
// names the compiled wheels, and their sha256, in the lock.
//
//   node site_app/bytecode.mjs OUT_DIR WHEEL...
//   node site_app/bytecode.mjs --stdlib OUT_ZIP STDLIB_ZIP HOLIDAYS_JSON WHEEL...
//
// Each WHEEL becomes OUT_DIR/<name>-<version>-cp<XY>-none-any.whl: every .py replaced by its
// .pyc beside it (unchecked-hash, so the same source gives the same bytes), RECORD naming the
// new files, everything else as it was, dated 1980-01-01. Prints one JSON line per wheel:
// {"source": WHEEL, "wheel": compiled path}.
//
// With --stdlib, Pyodide's own python_stdlib.zip (which holds only sources: every first visit
// would compile each module it imports) becomes OUT_ZIP: the modules a start of the planner
// imports (found by running the snapshot's own warm-up, snapshot.mjs, on the WHEELs and the
// site's holiday table, as the page's worker does: about
// 200 of its 559) have their .pyc in place of their .py, which zipimport loads without the
// source; the rest stays as it was, since compiled, all of it would be 4.5 MB instead of 2.5.
// The page's worker names it to loadPyodide as its stdLibURL.
import { loadPyodide } from "pyodide";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { basename, join } from "node:path";

const stdlib = process.argv[2] === "--stdlib";
const [out, ...wheels] = process.argv.slice(stdlib ? 3 : 2);
if (!out || wheels.length < (stdlib ? 3 : 1)) {
  console.error("usage: node site_app/bytecode.mjs OUT_DIR WHEEL...\n" +
                "       node site_app/bytecode.mjs --stdlib OUT_ZIP STDLIB_ZIP HOLIDAYS_JSON WHEEL...");
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


def imported_from_stdlib():
    """The stdlib's files that the modules imported so far were loaded from."""
    prefix = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip/"
    files = (getattr(module, "__file__", None) or "" for module in list(sys.modules.values()))
    return [f.removeprefix(prefix) for f in files if f.startswith(prefix) and f.endswith(".py")]


def compiled_stdlib(data, wanted):
    source = zipfile.ZipFile(io.BytesIO(bytes(data)))
    wanted = set(wanted)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as made:
        for info in source.infolist():
            name, body = info.filename, source.read(info)
            if name in wanted:
                wanted.discard(name)
                body, name = _pyc(name, body), name + "c"
            if not info.is_dir():
                made.writestr(_entry(name), body)
    if wanted:
        raise ValueError(f"not in the standard library's zip: {sorted(wanted)}")
    return out.getvalue()


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
  const [zip, table, ...onPath] = wheels;
  pyodide.FS.writeFile("/tmp/holidays.json", readFileSync(table));
  pyodide.runPython(`import os; os.environ["FOLLOWUP_HOLIDAYS_TABLE"] = "/tmp/holidays.json"`);
  for (const wheel of onPath) {
    const path = `/tmp/${basename(wheel)}`;
    pyodide.FS.writeFile(path, readFileSync(wheel));
    pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(path)})`);
  }
  const { warmUp } = await import("./snapshot.mjs");
  const bridge = pyodide.pyimport("followup.bridge");
  warmUp(pyodide, (fn, request) => JSON.parse(bridge.call(fn, request)));
  const wanted = pyodide.globals.get("imported_from_stdlib")();
  const data = pyodide.globals.get("compiled_stdlib")(new Uint8Array(readFileSync(zip)), wanted).toJs();
  writeFileSync(out, data);
  console.log(JSON.stringify({ source: zip, stdlib: out, compiled: wanted.length }));
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
