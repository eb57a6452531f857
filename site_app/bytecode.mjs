// Compiles wheels to the bytecode of the Python that runs them in the browser, with that very
// Python (Pyodide's, under Node): no host Python here is 3.14, and a .pyc of another version
// is refused. Used by site_app/build/wheels.py at site-build time, after the lock is made
// (pyodide-build's `pyodide lockfile add-wheels` takes pure-Python wheels only); the hook then
// names the compiled wheels, and their sha256, in the lock.
//
//   node site_app/bytecode.mjs OUT_DIR WHEEL...
//
// Each WHEEL becomes OUT_DIR/<name>-<version>-cp<XY>-none-any.whl: every .py replaced by its
// .pyc beside it (unchecked-hash, so the same source gives the same bytes), RECORD naming the
// new files, everything else as it was, dated 1980-01-01. Prints one JSON line per wheel:
// {"source": WHEEL, "wheel": compiled path}.
import { loadPyodide } from "pyodide";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { basename, join } from "node:path";

const [out, ...wheels] = process.argv.slice(2);
if (!out || !wheels.length) {
  console.error("usage: node site_app/bytecode.mjs OUT_DIR WHEEL...");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
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


def compiled(data):
    source = zipfile.ZipFile(io.BytesIO(bytes(data)))
    out = io.BytesIO()
    renamed = {}
    with zipfile.ZipFile(out, "w") as wheel:
        for info in source.infolist():
            name, body = info.filename, source.read(info)
            if name.endswith(".py") and ".dist-info/" not in name:
                with open("/tmp/source.py", "wb") as f:
                    f.write(body)
                py_compile.compile("/tmp/source.py", cfile="/tmp/compiled.pyc", dfile=name,
                                   doraise=True,
                                   invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
                with open("/tmp/compiled.pyc", "rb") as f:
                    body = f.read()
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
const compiled = pyodide.globals.get("compiled");
const tag = pyodide.globals.get("TAG");
for (const source of wheels) {
  const [name, version] = basename(source).split("-");
  const data = compiled(new Uint8Array(readFileSync(source))).toJs();
  const target = join(out, `${name}-${version}-${tag}-none-any.whl`);
  writeFileSync(target, data);
  console.log(JSON.stringify({ source, wheel: target }));
}
