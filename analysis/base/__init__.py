"""The bottom layer: one exception family, every path, atomic writes, the on-disk cache."""
