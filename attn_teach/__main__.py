"""``python -m attn_teach``: the same as the ``attn-teach`` command."""

from attn_teach.cli import main

raise SystemExit(main())
