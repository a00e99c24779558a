from zhibiao.cli import main

raise SystemExit(main())
