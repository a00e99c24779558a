from zhibiao.cli import console

raise SystemExit(console())
