"""Accept or reject every tracked change of a DOCX in LibreOffice and save its text.

Run with a Python that has LibreOffice's `uno` module (Debian's python3 with python3-uno), not
dealdocs' own: python3 uno_text.py MODE IN OUT [MODE IN OUT …], MODE being accept, reject or
as-is. One LibreOffice serves every job; each OUT is LibreOffice's own text export ("Text
(encoded)", UTF-8): one line a paragraph, table cells included.
"""

import os
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue

COMMANDS = {"accept": ".uno:AcceptAllTrackedChanges", "reject": ".uno:RejectAllTrackedChanges"}


def prop(name, value):
    result = PropertyValue()
    result.Name, result.Value = name, value
    return result


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # not listening yet
            time.sleep(0.5)
    raise SystemExit("LibreOffice did not start")


def main(jobs):
    pipe = f"dealdocs-redline-{os.getpid()}"
    with tempfile.TemporaryDirectory() as home:  # a fresh profile: no lock held by another run
        office = subprocess.Popen(["soffice", "--headless", "--norestore", "--invisible",
                                   f"--accept=pipe,name={pipe};urp;"],
                                  env={**os.environ, "HOME": home},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            context = connect(pipe)
            desktop = context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context)
            dispatcher = context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.DispatchHelper", context)
            for mode, source, target in jobs:
                document = desktop.loadComponentFromURL(
                    uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0,
                    (prop("Hidden", True),))
                if document is None:
                    raise SystemExit(f"LibreOffice could not open {source}")
                if mode in COMMANDS:
                    dispatcher.executeDispatch(document.getCurrentController().getFrame(),
                                               COMMANDS[mode], "", 0, ())
                document.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)),
                                    (prop("FilterName", "Text (encoded)"),
                                     prop("FilterOptions", "UTF8,LF")))
                document.close(True)
            desktop.terminate()
        finally:
            try:
                office.wait(timeout=60)
            except subprocess.TimeoutExpired:
                office.kill()


if __name__ == "__main__":
    arguments = sys.argv[1:]
    main([tuple(arguments[index:index + 3]) for index in range(0, len(arguments), 3)])
