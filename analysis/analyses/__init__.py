"""The analyses: tidy frames in, tidy frames out, in no language (the presentation layer words
and draws them)."""
