"""The `onewindow` console command: one entry point with subcommands for every part."""
