"""The validated tables as pandas frames, the context a notebook works in, comparability.csv
and the vocabulary the frames are keyed by. Below the analyses: no language, no display."""
