"""``python -m build_tools.devtools.benchmark`` (normally via ``python3 -m build_tools.dev bench``)."""

import sys

from .cli import main

sys.exit(main())
