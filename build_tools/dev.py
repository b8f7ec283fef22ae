"""``python3 -m build_tools.dev``: the developer commands, kept at this short address (see devtools.dev)."""

import sys

from build_tools.devtools.dev import main

if __name__ == "__main__":
    sys.exit(main())
