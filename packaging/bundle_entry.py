"""The bundle's program: the same `insole-catalog` command line (no command opens the window)."""

from catalog_app.cli.main import main

raise SystemExit(main())
