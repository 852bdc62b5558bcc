"""`python -m nin.lab.families`: see :mod:`nin.lab.families.sheet`."""

from .sheet import main

raise SystemExit(main())
