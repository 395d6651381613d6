"""One module per `hpquiz` subcommand, each exposing `register(subparsers, common)`.

`register` adds its subparser (with `parents=[common]` so `--db` works after the
subcommand too) and sets `handler=<function(args) -> int>` as a default.
"""
