"""`python -m dealdocs` and the `dealdocs` command.

Ctrl-C while Python is still importing dealdocs ends with the same one line as later, not a
traceback: the import happens inside run(), where it is caught.
"""

import sys


def run() -> int:
    try:
        from .cli import main
    except KeyboardInterrupt:
        print("dealdocs: interrupted while starting; nothing was written", file=sys.stderr)
        return 2
    return main()


if __name__ == "__main__":
    raise SystemExit(run())
