from onewindow.cli import main

raise SystemExit(main())
